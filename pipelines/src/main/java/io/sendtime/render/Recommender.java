package io.sendtime.render;

import io.sendtime.config.SqlFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recommendations at render time, in memory: the up to {@value #LIMIT} products most often bought
 * together with what a recipient bought (each bought product's top 10 pairs from
 * {@code product_top_pairs}, scores summed; ties: lower product id first), leaving out what they
 * bought, anything not in stock now and anything without a price in the email's currency. The same scoring as the warehouse's customer_recommendations
 * view, but among products in stock at render time. Products get dense indexes so that scoring a
 * recipient touches only small primitive arrays. Read-only once built; safe on many threads.
 */
final class Recommender {

    static final int LIMIT = 5;

    /** Priced-products maps a thread keeps aligned: more than a send's currencies, few enough not to pile up. */
    private static final int ALIGNED_KEPT = 32;

    /** Product id to its index; indexes follow the ids' order, so a tie (lower product id first) compares indexes. */
    private final Map<Long, Integer> index = new HashMap<>();
    /** Per product index, its id. */
    private long[] ids = new long[0];
    /**
     * Every product's top pairs, one after another (product index i's are at {@code pairStart[i]} up to
     * {@code pairStart[i + 1]}): the other product's index and how many orders had both. Flat arrays, so scoring a
     * recipient reads a few runs of memory rather than two arrays per product bought.
     */
    private int[] pairStart = new int[1];
    /** For pair k: the other product's index at 2k, the orders with both at 2k + 1 (counts past 2^31 - 1 capped). */
    private int[] pairs = new int[0];
    private boolean[] recommendable = new boolean[0];
    private final ThreadLocal<long[]> scores = ThreadLocal.withInitial(() -> new long[ids.length]);
    /**
     * Per thread, each priced-products map it was given (by identity: one per currency and render) as an array by
     * product index, so scoring a recipient looks up no map: a lookup by id in a map of the whole catalogue cost more
     * than the scoring itself.
     */
    private final ThreadLocal<Map<Map<Long, Map<String, Object>>, Object[]>> aligned =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    private Recommender() {}

    /** Reads product_top_pairs; {@code inStock} says which of the render's products are in stock now. */
    static Recommender load(Connection connection, java.util.function.LongPredicate inStock) throws SQLException {
        List<Pair> pairs = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(SqlFiles.text("render/top_pairs.sql"))) {
            while (rs.next()) {
                pairs.add(new Pair(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return of(pairs, inStock);
    }

    /** One row of product_top_pairs: how many orders had both products. */
    record Pair(long productId, long otherProductId, long ordersTogether) {}

    /**
     * From product_top_pairs' rows (read by {@link #load}, or published by a render for open-time content,
     * {@link RenderLookups}); {@code inStock} says which products are in stock now.
     */
    static Recommender of(List<Pair> rows, java.util.function.LongPredicate inStock) {
        Recommender r = new Recommender();
        r.ids = rows.stream().flatMapToLong(p -> java.util.stream.LongStream.of(p.productId(), p.otherProductId()))
                .distinct().sorted().toArray();
        int n = r.ids.length;
        for (int i = 0; i < n; i++) {
            r.index.put(r.ids[i], i);
        }
        List<Pair> byProduct = new ArrayList<>(rows);
        byProduct.sort(java.util.Comparator.comparingLong(Pair::productId)); // stable: each product's pairs in row order
        r.pairStart = new int[n + 1];
        r.pairs = new int[2 * byProduct.size()];
        for (int k = 0; k < byProduct.size(); k++) {
            Pair pair = byProduct.get(k);
            r.pairStart[r.index.get(pair.productId()) + 1]++;
            r.pairs[2 * k] = r.index.get(pair.otherProductId());
            r.pairs[2 * k + 1] = (int) Math.min(pair.ordersTogether(), Integer.MAX_VALUE);
        }
        for (int i = 0; i < n; i++) {
            r.pairStart[i + 1] += r.pairStart[i];
        }
        r.recommendable = new boolean[n];
        for (int i = 0; i < n; i++) {
            r.recommendable[i] = inStock.test(r.ids[i]);
        }
        return r;
    }

    /** The recommended products, best first, as their maps in {@code priced} (products without one are skipped). */
    List<Object> recommend(List<?> boughtIds, Map<Long, Map<String, Object>> priced) {
        if (boughtIds == null || boughtIds.isEmpty() || ids.length == 0) {
            return List.of();
        }
        int[] bought = new int[boughtIds.size()];
        int nBought = 0;
        for (Object id : boughtIds) {
            Integer i = id == null ? null : index.get(((Number) id).longValue());
            if (i != null && !contains(bought, nBought, i)) { // each product once, as the view's DISTINCT has it
                bought[nBought++] = i;
            }
        }
        long[] score = scores.get();
        Map<Map<Long, Map<String, Object>>, Object[]> mine = aligned.get();
        Object[] pricedByIndex = mine.get(priced);
        if (pricedByIndex == null) {
            if (mine.size() >= ALIGNED_KEPT) {
                mine.clear(); // maps of stock read again since (open-time content): not kept beyond a few
            }
            pricedByIndex = align(priced);
            mine.put(priced, pricedByIndex);
        }
        int[] touched = new int[nBought * 10 + 1];
        int nTouched = 0;
        for (int b = 0; b < nBought; b++) {
            for (int k = 2 * pairStart[bought[b]], end = 2 * pairStart[bought[b] + 1]; k < end; k += 2) {
                int o = pairs[k];
                if (score[o] == 0) {
                    if (nTouched == touched.length) {
                        touched = java.util.Arrays.copyOf(touched, touched.length * 2);
                    }
                    touched[nTouched++] = o;
                }
                score[o] += pairs[k + 1];
            }
        }
        for (int b = 0; b < nBought; b++) {
            score[bought[b]] = 0; // what they bought is not recommended (and not left behind as "touched")
        }
        int[] best = new int[LIMIT];
        int nBest = 0;
        for (int t = 0; t < nTouched; t++) {
            int o = touched[t];
            long s = score[o];
            if (s == 0 || !recommendable[o] || pricedByIndex[o] == null) {
                continue;
            }
            // insertion into the top LIMIT: higher score first, then lower product id
            int pos = nBest;
            while (pos > 0 && better(o, s, best[pos - 1], score[best[pos - 1]])) {
                pos--;
            }
            if (pos < LIMIT) {
                int end = Math.min(nBest, LIMIT - 1);
                System.arraycopy(best, pos, best, pos + 1, end - pos);
                best[pos] = o;
                nBest = Math.min(nBest + 1, LIMIT);
            }
        }
        List<Object> result = new ArrayList<>(nBest);
        for (int i = 0; i < nBest; i++) {
            result.add(pricedByIndex[best[i]]);
        }
        for (int t = 0; t < nTouched; t++) {
            score[touched[t]] = 0;
        }
        return result;
    }

    private static boolean contains(int[] values, int n, int value) {
        for (int k = 0; k < n; k++) {
            if (values[k] == value) {
                return true;
            }
        }
        return false;
    }

    /** The priced products by product index (null: not priced in that currency). */
    private Object[] align(Map<Long, Map<String, Object>> priced) {
        Object[] byIndex = new Object[ids.length];
        for (int i = 0; i < byIndex.length; i++) {
            byIndex[i] = priced.get(ids[i]);
        }
        return byIndex;
    }

    private boolean better(int a, long scoreA, int b, long scoreB) {
        return scoreA != scoreB ? scoreA > scoreB : a < b;
    }
}
