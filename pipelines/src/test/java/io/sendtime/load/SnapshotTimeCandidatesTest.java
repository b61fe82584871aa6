package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.config.ConsentSettings;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.lake.PublishedProfiles;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * The profiles snapshot's candidates (sql/load/serving/candidates.sql) when only time moved: a full load at T1, then
 * an incremental load with nothing new at T2, a few hours later on the same UTC day (so only the candidates are
 * assembled), against a full rebuild at T2. Between T1 and T2 some profiles' rows change by time alone: a product view
 * leaves the view window, email events (delivered, open, click) leave the 30- and 90-day windows, an email event and a
 * view that were after T1 enter them, a cart becomes abandoned. The served rows must be the rebuild's, for every
 * profile. The curated lake: one run of sql/bench/curated_run.sql (a dozen customers, no storefront events) and one
 * written here with the events, email events and the cart at instants relative to T1.
 */
class SnapshotTimeCandidatesTest {

    static final int CUSTOMERS = 12;
    static final Instant T1 = Instant.parse("2026-11-20T02:00:00Z");
    static final Instant T2 = T1.plus(Duration.ofHours(6)); // same UTC day
    /** The defaults (cart abandoned after 4 hours, views over 90 days); every change a delta, never a new base. */
    static final LoadSettings SETTINGS = new LoadSettings(Duration.ofHours(4), Duration.ofDays(90), 100.0);

    /** The customers whose row changes between T1 and T2 by time alone (customer i is left(md5('c' || i), 16)). */
    static final Map<String, String> MOVING = Map.of(
            "1", "a product view just inside the view window at T1, outside at T2",
            "2", "an email delivered just inside 30 days at T1, outside at T2 (still inside 90)",
            "3", "an email open just inside 90 days at T1, outside at T2",
            "4", "an email click just inside 30 days at T1, outside at T2",
            "5", "an email open after T1 and before T2 (enters both windows)",
            "6", "a cart updated 3 hours before T1: not abandoned at T1, abandoned at T2",
            "7", "a product view after T1 and before T2 (enters the view window)");

    /** The run written here: the events at instants relative to T1, each for one customer (or several, to keep). */
    private static final String TIMED_RUN = """
            SET VARIABLE t1 = :t1::TIMESTAMPTZ;
            COPY (
                SELECT 'evt_t' || n AS event_id, 'product_viewed' AS type, (200000000 + c)::BIGINT AS customer_id,
                       left(md5('c' || c), 16) AS customer_key, 'st' || n AS session_id, ts AS occurred_at,
                       ts AS created_at, (632000000 + n % 8)::BIGINT AS product_id, NULL::BIGINT AS variant_id,
                       NULL::VARCHAR AS search_query, false AS is_deleted,
                       :run AS _raw_run_id, getvariable('t1') AS _extracted_at, ts AS _source_updated_at, :run AS _transform_run_id
                FROM (VALUES (1, 1, getvariable('t1') - INTERVAL 90 DAY + INTERVAL 1 HOUR),
                             (2, 1, getvariable('t1') - INTERVAL 20 DAY),
                             (3, 7, getvariable('t1') + INTERVAL 2 HOUR),
                             (4, 9, getvariable('t1') - INTERVAL 10 DAY),
                             (5, 9, getvariable('t1') - INTERVAL 95 DAY)) t(n, c, ts)
            ) TO :storefront_events (FORMAT parquet);
            COPY (
                SELECT 'em_t' || n AS event_id, 'test' AS provider, kind, 'newsletter' AS campaign, NULL::VARCHAR AS send_id,
                       NULL::VARCHAR AS variant, left(md5('c' || c), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
                       ts AS occurred_at, NULL::BIGINT AS group_id, NULL::VARCHAR AS status, false AS is_deleted,
                       :run AS _raw_run_id, getvariable('t1') AS _extracted_at, ts AS _source_updated_at, :run AS _transform_run_id
                FROM (VALUES (1, 2, 'delivered', getvariable('t1') - INTERVAL 30 DAY + INTERVAL 1 HOUR),
                             (2, 2, 'delivered', getvariable('t1') - INTERVAL 5 DAY),
                             (3, 3, 'open', getvariable('t1') - INTERVAL 90 DAY + INTERVAL 2 HOUR),
                             (4, 3, 'open', getvariable('t1') - INTERVAL 40 DAY),
                             (5, 4, 'click', getvariable('t1') - INTERVAL 30 DAY + INTERVAL 3 HOUR),
                             (6, 4, 'delivered', getvariable('t1') - INTERVAL 31 DAY),
                             (7, 5, 'open', getvariable('t1') + INTERVAL 1 HOUR),
                             (8, 9, 'delivered', getvariable('t1') - INTERVAL 3 DAY),
                             (9, 9, 'open', getvariable('t1') - INTERVAL 60 DAY),
                             (10, 10, 'click', getvariable('t1') - INTERVAL 100 DAY)) t(n, c, kind, ts)
            ) TO :email_events (FORMAT parquet);
            COPY (
                SELECT (900000100 + c)::BIGINT AS checkout_id, (200000000 + c)::BIGINT AS customer_id,
                       left(md5('c' || c), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
                       ts - INTERVAL 1 HOUR AS created_at, ts AS updated_at, NULL::TIMESTAMPTZ AS completed_at,
                       'USD' AS currency, 5000::BIGINT AS total_minor,
                       [{'product_id': 632000001::BIGINT, 'variant_id': NULL::BIGINT, 'title': 'Item', 'quantity': 1,
                         'price_minor': 5000::BIGINT}] AS line_items, false AS is_deleted,
                       :run AS _raw_run_id, getvariable('t1') AS _extracted_at, ts AS _source_updated_at, :run AS _transform_run_id
                FROM (VALUES (6, getvariable('t1') - INTERVAL 3 HOUR), (10, getvariable('t1') - INTERVAL 2 DAY)) t(c, ts)
            ) TO :checkouts (FORMAT parquet)
            """;

    @TempDir
    Path dir;

    @AfterEach
    void shippedSegments() {
        System.clearProperty("sendtime.sql-dir");
    }

    /**
     * The segments the loads use: the shipped ones, or only a rule that reads no time-relative feature. With the
     * shipped ones a cart crossing the abandonment time also moves the profile in and out of cart_abandoner, and a
     * buyer-less profile's views in and out of browser: the segments, evaluated over the moved profiles only, must
     * find those; without them the snapshot's own time conditions are all that make those profiles candidates.
     */
    @ParameterizedTest(name = "shipped segments: {0}")
    @ValueSource(booleans = {true, false})
    void rowsThatOnlyTimeChangesAreServedAsAFullRebuildServesThem(boolean shippedSegments) throws Exception {
        String definitions = shippedSegments ? null : """
                INSERT INTO segment_definitions (name, priority, rule_sql, description) VALUES
                ('prospect', 70, 'orders_count = 0', 'Never ordered.');
                """;
        Loads loads = loads(definitions, definitions);
        WarehouseLoader.Result second = loads.second();
        assertThat(second.counts().containsKey("segment_cart_abandoner")).as("the segments in use")
                .isEqualTo(shippedSegments);
        assertThat(second.counts().get("profiles_segmented"))
                .as("the rules, reading only the features row, evaluated over the moved profiles alone")
                .isPositive().isLessThan(loads.profiles());
        loads.assertServedAsRebuilt();
        loads.assertSegmentedAsRebuilt();

        // and time alone changed the rows it should between T1 and T2 (else the comparison above proved nothing)
        Set<String> changed = new TreeSet<>();
        loads.rebuild().forEach((key, row) -> {
            if (!row.equals(loads.atT1().get(key))) {
                changed.add(key);
            }
        });
        for (var moving : MOVING.entrySet()) {
            assertThat(changed).as("customer %s's row changes by T2: %s", moving.getKey(), moving.getValue())
                    .contains(customerKey(Integer.parseInt(moving.getKey())));
        }
        if (shippedSegments) {
            assertThat(loads.memberships(loads.incremental(), "cart_abandoner")).as("the cart that crossed the time")
                    .contains(customerKey(6));
        }
    }

    /**
     * A rule that reads the clock (here the load's as_of) changes its result for profiles whose features did not move:
     * every profile is evaluated, and the memberships are the rebuild's. Were the rule taken for one that reads only the
     * features row, the profiles not moved would keep load 1's result.
     */
    @Test
    void aRuleThatReadsTheClockIsEvaluatedOverEveryProfile() throws Exception {
        String definitions = """
                INSERT INTO segment_definitions (name, priority, rule_sql, description) VALUES
                ('prospect', 70, 'orders_count = 0', 'Never ordered.'),
                ('morning', 80, 'getvariable(''as_of'') >= TIMESTAMPTZ ''2026-11-20 05:00:00+00''', 'Loaded after 5.');
                """;
        Loads loads = loads(definitions, definitions);
        assertThat(loads.second().counts().get("profiles_segmented")).isEqualTo(loads.profiles());
        assertThat(loads.memberships(loads.incremental(), "morning")).as("every profile, after 5 o'clock")
                .hasSize((int) loads.profiles());
        loads.assertSegmentedAsRebuilt();
        loads.assertServedAsRebuilt();
    }

    /**
     * A rule edited between two loads of one day changes the segment for profiles whose features did not move: every
     * profile is evaluated with the edited rule, as a rebuild would.
     */
    @Test
    void aRuleEditedBetweenLoadsIsEvaluatedOverEveryProfile() throws Exception {
        String before = """
                INSERT INTO segment_definitions (name, priority, rule_sql, description) VALUES
                ('prospect', 70, 'orders_count = 0', 'Never ordered.');
                """;
        Loads loads = loads(before, before.replace("'orders_count = 0'", "'orders_count >= 0'"));
        assertThat(loads.second().counts().get("profiles_segmented")).isEqualTo(loads.profiles());
        assertThat(loads.memberships(loads.incremental(), "prospect")).as("everyone, by the edited rule")
                .hasSize((int) loads.profiles());
        loads.assertSegmentedAsRebuilt();
        loads.assertServedAsRebuilt();
    }

    /** The two loads of the incremental warehouse, the rebuild at T2, and what each published. */
    record Loads(WarehouseLoader.Result second, long profiles, Path incremental, Path rebuilt,
                 Map<String, PublishedProfiles.Row> atT1, Map<String, PublishedProfiles.Row> atT2,
                 Map<String, PublishedProfiles.Row> rebuild) {

        void assertServedAsRebuilt() {
            assertThat(atT2.keySet()).isEqualTo(rebuild.keySet());
            Map<String, String> differing = new java.util.TreeMap<>();
            rebuild.forEach((key, row) -> {
                if (!row.equals(atT2.get(key))) {
                    differing.put("customer " + customerIndex(key), MOVING.getOrDefault(customerIndex(key), "untouched"));
                }
            });
            assertThat(differing).as("served rows of the incremental chain that differ from the full rebuild's at T2")
                    .isEmpty();
        }

        void assertSegmentedAsRebuilt() throws Exception {
            assertThat(WarehouseDiff.between(incremental, rebuilt)).as("the warehouses at T2 differ").isEmpty();
        }

        Set<String> memberships(Path warehouse, String segment) {
            Warehouse w = new Warehouse(new WarehouseSettings(warehouse, "512MB", 1));
            List<String> keys = w.read(h -> h.createQuery(
                    "SELECT customer_key FROM segment_memberships WHERE segment = :segment")
                    .bind("segment", segment).mapTo(String.class).list());
            return new TreeSet<>(keys);
        }
    }

    /**
     * A full load at T1 and an incremental one with nothing new at T2, with the segment definitions {@code atT1} and
     * {@code atT2} (null: the shipped ones), and a full rebuild at T2 with {@code atT2}.
     */
    private Loads loads(String atT1, String atT2) throws Exception {
        Path lakeDir = dir.resolve("lake");
        List<CuratedManifest> runs = List.of(benchRun(lakeDir, "20261119T000000Z-t01"),
                timedRun(lakeDir, "20261119T010000Z-t02"));
        CuratedFiles files = new CuratedFiles(new Lake(lakeDir.toUri(), Map.of()));

        // the incremental chain: a full load at T1, then an incremental one at T2 with nothing new
        ProfileSnapshots chain = new ProfileSnapshots(new Lake(lakeDir.toUri(), Map.of()));
        WarehouseLoader loader = new WarehouseLoader(SETTINGS, ConsentSettings.defaults(), files).publishingProfiles(chain);
        Path incrementalFile = dir.resolve("incremental.duckdb");
        Warehouse incremental = warehouse(incrementalFile);
        segments(atT1);
        WarehouseLoader.Result first = incremental.write("test", h -> loader.load(h, CuratedCatalog.Snapshot.of(runs), true, T1));
        first.publishProfiles(chain);
        Map<String, PublishedProfiles.Row> atT1Rows = PublishedProfiles.read(lakeDir);
        long profiles = first.counts().get("profiles");
        assertThat(atT1Rows).hasSize((int) profiles).hasSizeGreaterThanOrEqualTo(CUSTOMERS - 2);

        segments(atT2);
        WarehouseLoader.Result second = incremental.write("test", h -> loader.load(h, CuratedCatalog.Snapshot.of(runs), false, T2));
        second.publishProfiles(chain);
        System.out.println("SnapshotTimeCandidatesTest: load 2 " + second.counts() + " " + second.millis());
        Map<String, PublishedProfiles.Row> atT2Rows = PublishedProfiles.read(lakeDir);

        // the candidates path was taken: nothing touched, only some profiles assembled, their changes a delta
        assertThat(second.fullRebuild()).isFalse();
        assertThat(second.counts().get("profiles_touched")).as("nothing new in load 2").isZero();
        assertThat(chain.current().deltas()).as("load 2 wrote a delta on load 1's base").hasSize(1);

        // a full rebuild at T2 into a fresh warehouse and snapshot
        Path rebuiltLake = dir.resolve("rebuilt-lake");
        ProfileSnapshots fresh = new ProfileSnapshots(new Lake(rebuiltLake.toUri(), Map.of()));
        WarehouseLoader rebuilder = new WarehouseLoader(SETTINGS, ConsentSettings.defaults(), files).publishingProfiles(fresh);
        Path rebuiltFile = dir.resolve("rebuilt.duckdb");
        WarehouseLoader.Result rebuilt = warehouse(rebuiltFile)
                .write("test", h -> rebuilder.load(h, CuratedCatalog.Snapshot.of(runs), true, T2));
        rebuilt.publishProfiles(fresh);
        return new Loads(second, profiles, incrementalFile, rebuiltFile, atT1Rows, atT2Rows,
                PublishedProfiles.read(rebuiltLake));
    }

    /** The segment definitions of the next load: {@code definitions}, or the shipped ones when null. */
    private void segments(String definitions) throws Exception {
        if (definitions == null) {
            System.clearProperty("sendtime.sql-dir");
            return;
        }
        Path sql = Files.createDirectories(dir.resolve("sql/load"));
        Files.writeString(sql.resolve("segment_definitions.sql"), definitions);
        System.setProperty("sendtime.sql-dir", dir.resolve("sql").toString());
    }

    private static Warehouse warehouse(Path file) {
        Warehouse w = new Warehouse(new WarehouseSettings(file, "512MB", 1));
        w.migrate();
        return w;
    }

    /** Run 1 of the bench's synthetic lake (sql/bench/curated_run.sql): customers, products, orders, carts. */
    private static CuratedManifest benchRun(Path lakeDir, String run) throws Exception {
        Map<String, String> values = Map.of("customers", Integer.toString(CUSTOMERS), "products", "8",
                "orders", Integer.toString(3 * CUSTOMERS), "events", "0", "run", run, "runs", "1");
        return write(lakeDir, run, (h, files) -> {
            files.put("runNo", 1);
            SqlScript.load("bench/curated_run.sql").run(h, values, files);
        });
    }

    /** The run of {@link #TIMED_RUN}: storefront events, email events and carts at instants relative to T1. */
    private static CuratedManifest timedRun(Path lakeDir, String run) throws Exception {
        return write(lakeDir, run, (h, files) -> {
            for (String statement : TIMED_RUN.split(";\n")) {
                var update = h.createUpdate(statement);
                if (statement.contains(":run")) {
                    update.bind("run", run);
                }
                if (statement.contains(":t1")) {
                    update.bind("t1", T1.toString());
                }
                for (String entity : List.of("storefront_events", "email_events", "checkouts")) {
                    if (statement.contains(":" + entity)) {
                        update.bind(entity, files.get(entity).toString());
                    }
                }
                update.execute();
            }
        });
    }

    interface Writer {
        void write(Handle h, Map<String, Object> files) throws Exception;
    }

    /** Writes one transform run's files under lakeDir/curated/<entity>/<run>.parquet and returns its manifest. */
    private static CuratedManifest write(Path lakeDir, String run, Writer writer) throws Exception {
        Path curated = lakeDir.resolve("curated");
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("run", run);
        for (LoadEntity e : LoadEntity.values()) {
            Files.createDirectories(curated.resolve(e.curated()));
            files.put(e.curated(), curated.resolve(e.curated()).resolve(run + ".parquet").toString());
        }
        Map<String, CuratedManifest.EntityFiles> entities = new LinkedHashMap<>();
        try (Handle h = Warehouse.scratch(new WarehouseSettings(null, "512MB", 1), null).open()) {
            writer.write(h, files);
            for (LoadEntity e : LoadEntity.values()) {
                Path file = curated.resolve(e.curated()).resolve(run + ".parquet");
                if (Files.exists(file)) {
                    long rows = h.createQuery("SELECT count(*) FROM read_parquet(:file)").bind("file", file.toString())
                            .mapTo(Long.class).one();
                    entities.put(e.curated(), new CuratedManifest.EntityFiles(e.key(),
                            List.of("curated/" + e.curated() + "/" + run + ".parquet"), rows, rows, 0, 0,
                            List.of(), Map.of()));
                }
            }
        }
        return new CuratedManifest(run, T1.minus(Duration.ofHours(1)), List.of(), entities);
    }

    private static String customerKey(int i) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5")
                    .digest(("c" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md5).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String customerIndex(String key) {
        for (int i = 0; i < CUSTOMERS; i++) {
            if (customerKey(i).equals(key)) {
                return Integer.toString(i);
            }
        }
        return "?";
    }
}
