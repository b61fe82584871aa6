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

    private final Map<Long, Integer> index = new HashMap<>();
    private final List<Long> ids = new ArrayList<>();
    /** per product index: the indexes of its top pairs and how many orders had both */
    private int[][] pairIndexes = new int[0][];
    private long[][] pairCounts = new long[0][];
    private boolean[] recommendable = new boolean[0];
    private final ThreadLocal<long[]> scores = ThreadLocal.withInitial(() -> new long[ids.size()]);
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
        Map<Integer, List<long[]>> pairs = new HashMap<>();
        for (Pair row : rows) {
            int product = r.indexOf(row.productId());
            int other = r.indexOf(row.otherProductId());
            pairs.computeIfAbsent(product, k -> new ArrayList<>()).add(new long[] {other, row.ordersTogether()});
        }
        int n = r.ids.size();
        r.pairIndexes = new int[n][];
        r.pairCounts = new long[n][];
        r.recommendable = new boolean[n];
        for (int i = 0; i < n; i++) {
            List<long[]> list = pairs.getOrDefault(i, List.of());
            r.pairIndexes[i] = list.stream().mapToInt(p -> (int) p[0]).toArray();
            r.pairCounts[i] = list.stream().mapToLong(p -> p[1]).toArray();
            r.recommendable[i] = inStock.test(r.ids.get(i));
        }
        return r;
    }

    private int indexOf(long productId) {
        return index.computeIfAbsent(productId, id -> {
            ids.add(id);
            return ids.size() - 1;
        });
    }

    /** The recommended products, best first, as their maps in {@code priced} (products without one are skipped). */
    List<Object> recommend(List<?> boughtIds, Map<Long, Map<String, Object>> priced) {
        if (boughtIds == null || boughtIds.isEmpty() || ids.isEmpty()) {
            return List.of();
        }
        int[] bought = new int[boughtIds.size()];
        int nBought = 0;
        for (Object id : boughtIds) {
            Integer i = id == null ? null : index.get(((Number) id).longValue());
            if (i != null) {
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
            int[] others = pairIndexes[bought[b]];
            long[] counts = pairCounts[bought[b]];
            for (int k = 0; k < others.length; k++) {
                int o = others[k];
                if (score[o] == 0) {
                    if (nTouched == touched.length) {
                        touched = java.util.Arrays.copyOf(touched, touched.length * 2);
                    }
                    touched[nTouched++] = o;
                }
                score[o] += counts[k];
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

    /** The priced products by product index (null: not priced in that currency). */
    private Object[] align(Map<Long, Map<String, Object>> priced) {
        Object[] byIndex = new Object[ids.size()];
        for (int i = 0; i < byIndex.length; i++) {
            byIndex[i] = priced.get(ids.get(i));
        }
        return byIndex;
    }

    private boolean better(int a, long scoreA, int b, long scoreB) {
        return scoreA != scoreB ? scoreA > scoreB : ids.get(a) < ids.get(b);
    }
}
