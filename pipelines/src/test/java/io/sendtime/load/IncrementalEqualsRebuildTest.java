package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The incremental path against a full rebuild: a sequence of random deltas (creates, updates, deletes,
 * records sharing a timestamp, late updates inside the lookback, runs of what sendtime serve receives), each
 * extracted, curated and loaded incrementally, sometimes two transforms per load and sometimes a load with nothing
 * new; then a second
 * warehouse is fully rebuilt from the same curated lake at the same as_of. Every table must be equal.
 * The seed is in the failure message; set -Dsendtime.seed=N to replay one.
 */
class IncrementalEqualsRebuildTest {

    @TempDir
    Path dir;

    /** One fixed seed (the same sequence on every run) and one new each run (printed, to replay it). */
    static java.util.stream.LongStream seeds() {
        return java.util.stream.LongStream.of(20261201L, Long.getLong("sendtime.seed", System.nanoTime()));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.MethodSource("seeds")
    void anySequenceOfIncrementalLoadsEqualsAFullRebuild(long seed) throws Exception {
        System.out.println("IncrementalEqualsRebuildTest seed " + seed + " (replay: -Dsendtime.seed=" + seed + ")");
        Random random = new Random(seed);
        Instant lastAsOf;
        Path incremental = dir.resolve("warehouse").resolve("sendtime.duckdb");
        try (LoadedSamples a = new LoadedSamples(dir, RENDER).curate()) {
            a.load(false, null);
            for (int round = 0; round < 4; round++) {
                int transforms = random.nextInt(3); // 0: a load with nothing new
                for (int t = 0; t < transforms; t++) {
                    a.churnAndCurate(random);
                }
                if (random.nextBoolean()) {
                    a.receive(random);
                    a.lake.transform();
                }
                LoadSummary loaded = a.load(false, null);
                System.out.println("round " + round + ": " + transforms + " transform(s), " + loaded.counts());
            }
            lastAsOf = a.warehouse().read(h -> h.createQuery("SELECT max(as_of) FROM load_log")
                    .mapTo(Instant.class).one());
            assertThat(a.count("SELECT count(*) FROM load_log")).isEqualTo(5);
            assertThat(a.count("SELECT count(*) FROM source_windows WHERE entity = 'subscriptions'"))
                    .as("every load records the extract windows it consumed").isGreaterThan(1);
            invariants(a, seed);
            renderOnTheWarehouseAlone(a);
        }

        // the profiles snapshot the incremental loads published (a base and its deltas) for sendtime serve
        java.util.Map<String, io.sendtime.lake.PublishedProfiles.Row> chain =
                io.sendtime.lake.PublishedProfiles.read(dir.resolve("lake"));
        assertThat(chain).isNotEmpty();

        Path rebuilt = dir.resolve("rebuilt.duckdb");
        Map<String, Object> rebuiltAt = new java.util.HashMap<>(RENDER);
        rebuiltAt.put("sendtime.warehouse.path", rebuilt.toString());
        try (LoadedSamples b = new LoadedSamples(dir, rebuiltAt)) {
            LoadSummary summary = b.load(true, lastAsOf);
            assertThat(summary.fullRebuild()).isTrue();
            invariants(b, seed);
            renderOnTheWarehouseAlone(b);
        }

        assertThat(WarehouseDiff.between(incremental, rebuilt)).as("tables differ (seed " + seed + ")").isEmpty();
        // the rebuild published a fresh base at the same as_of: it holds what the incremental chain held
        assertThat(io.sendtime.lake.PublishedProfiles.snapshots(dir.resolve("lake")).current().deltas()).isEmpty();
        assertThat(io.sendtime.lake.PublishedProfiles.read(dir.resolve("lake")))
                .as("the profiles snapshot of the rebuild differs from the incremental chain's (seed " + seed + ")")
                .isEqualTo(chain);
    }

    /** The render reads its sources quickly when they are down (the send then uses the warehouse alone). */
    private static final Map<String, Object> RENDER = Map.of("sendtime.render.stock-timeout", "2s",
            "sendtime.consent.refresh-timeout", "2s",
            // the sample's few profiles would make most loads write a new base of the profiles snapshot: the chain
            // of deltas is what the incremental loads must get right (no new base but every 24 loads)
            "sendtime.load.serving-rebase-share", "100");

    /**
     * A send of the newsletter rendered from the warehouse alone (the sources down: the last load's stock and,
     * allowed, its consent), so both warehouses render it from the same data.
     */
    private static void renderOnTheWarehouseAlone(LoadedSamples w) {
        w.lake.apis.faults().down(true);
        try {
            io.sendtime.render.RenderSummary s = w.lake.app.get(io.sendtime.render.RenderService.class).run(
                    new io.sendtime.render.RenderService.RenderRequest("recommendations-newsletter",
                            Instant.parse("2026-11-22T18:00:00Z"), "compare", true, true));
            assertThat(s.stockSource()).isEqualTo("lake");
            assertThat(s.rendered()).isPositive();
        } finally {
            w.lake.apis.faults().down(false);
        }
    }

    /** The snapshot and key invariants every warehouse keeps. */
    static void invariants(LoadedSamples w, long seed) {
        String why = " (seed " + seed + ")";
        assertThat(w.count("SELECT count(*) FROM (SELECT customer_key FROM profile_snapshots WHERE is_current"
                + " GROUP BY 1 HAVING count(*) > 1)")).as("two current versions of one customer" + why).isZero();
        assertThat(w.count("SELECT count(*) FROM profile_snapshots WHERE valid_to IS NOT NULL AND valid_to <= valid_from"))
                .as("valid_to after valid_from" + why).isZero();
        assertThat(w.count("SELECT count(*) FROM profiles p ANTI JOIN profile_snapshots s"
                + " ON s.customer_key = p.customer_key AND s.is_current AND s.row_hash = p.row_hash"))
                .as("every profile is its current snapshot" + why).isZero();
        assertThat(w.count("SELECT count(*) FROM profile_snapshots s WHERE is_current"
                + " AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.customer_key = s.customer_key)"))
                .as("no open version without a profile: deletions close it" + why).isZero();
        for (var key : Map.of("profiles", "customer_key", "orders", "order_id", "events", "event_id", "email_events", "event_id",
                "contacts", "contact_id", "customers", "customer_id", "products", "product_id",
                "order_items", "order_id, line_no").entrySet()) {
            assertThat(w.count("SELECT count(*) FROM (SELECT " + key.getValue() + " FROM " + key.getKey()
                    + " GROUP BY ALL HAVING count(*) > 1)")).as("duplicate keys in " + key.getKey() + why).isZero();
        }
    }
}
