package io.sendtime.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import io.sendtime.config.ConsentSettings;
import io.sendtime.config.SqlFiles;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.load.CuratedCatalog;
import io.sendtime.load.CuratedFiles;
import io.sendtime.load.LoadEntity;
import io.sendtime.load.LoadSettings;
import io.sendtime.load.ProfilePublication;
import io.sendtime.load.SegmentRules;
import io.sendtime.load.WarehouseLoader;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * {@code ./sendtime bench load}: a synthetic multi-version curated lake of N customers ({@link #buildLake}: several
 * transform runs written by DuckDB from sql/bench/curated_run.sql, each later run with new versions of about 20% of
 * the keys and tombstones of about 1%, and a 1% delta, sql/bench/curated_delta.sql), then, in one run: (1) a full
 * rebuild of a new warehouse (keep-latest and tombstones across the runs), (2) an incremental load of the delta, both
 * publishing the profiles snapshot as every load does, (3) the reference: the same outputs (consents, profiles,
 * features, segments, what recommendations start from, the profiles snapshot) over the same Parquet, each entity
 * deduplicated once into a table (sql/bench/reference.sql), on the same DuckDB settings.
 */
public final class LoadBenchmark {

    /** The profiles snapshot's base the reference writes, in the work directory. */
    private static final String REFERENCE_SNAPSHOT = "reference-profiles.parquet";

    /** How many curated transform runs the full build reads. */
    public static final int RUNS = 3;
    /** The as_of of the full rebuild, and of the incremental load of the delta. */
    public static final Instant FULL_AS_OF = Instant.parse("2026-11-15T00:00:00Z");
    public static final Instant DELTA_AS_OF = Instant.parse("2026-11-15T02:00:00Z");
    /** What the reference is, in the output and the JSON. */
    public static final String REFERENCE_KIND = "duckdb-materialize-once";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The synthetic curated lake: the transform runs a full build reads, in order ({@code runs}), the 1% delta an
     * incremental load reads on top of them, and the lake directory ({@code dir}: manifests name files relative to it).
     * For peers ({@code --peer}): run them on exactly these files.
     */
    public record SyntheticLake(List<CuratedManifest> runs, CuratedManifest delta, Path dir) {

        /** Every run's manifest and then the delta's: what an incremental load sees after the delta. */
        public List<CuratedManifest> withDelta() {
            List<CuratedManifest> all = new ArrayList<>(runs);
            all.add(delta);
            return all;
        }

        /** The local files of one curated entity (e.g. {@code customers}) in the full build's runs, in run order. */
        public List<Path> fullFiles(String entity) {
            return files(runs, entity);
        }

        /** The local files of one curated entity in the delta (none when the delta has no such file). */
        public List<Path> deltaFiles(String entity) {
            return files(List.of(delta), entity);
        }

        /** Records in the full build's runs (every version and tombstone). */
        public long records() {
            return runs.stream().flatMap(m -> m.entities().values().stream()).mapToLong(CuratedManifest.EntityFiles::records).sum();
        }

        /** The curated entities the lake has files of, in load order. */
        public List<String> entities() {
            return Arrays.stream(LoadEntity.values()).map(LoadEntity::curated)
                    .filter(e -> runs.stream().anyMatch(m -> m.entities().containsKey(e))).toList();
        }

        private List<Path> files(List<CuratedManifest> manifests, String entity) {
            List<Path> out = new ArrayList<>();
            for (CuratedManifest m : manifests) {
                CuratedManifest.EntityFiles files = m.entities().get(entity);
                if (files != null) {
                    files.files().forEach(f -> out.add(dir.resolve(f)));
                }
            }
            return out;
        }
    }

    /** What one run measured. */
    public record Result(long customers, long records, int runs, double versionsPerKey, String referenceKind,
                         boolean referenceSameOutputs, Duration fullRebuild, Duration incremental, Duration reference,
                         double fullOverReference, double incrementalOverFull,
                         long peakHeapBytes, Map<String, Long> fullCounts, Map<String, Long> incrementalCounts,
                         Map<String, Long> fullMillis, Map<String, Long> incrementalMillis, Map<String, Long> referenceMillis) {}

    private final Path work;
    private final LoadSettings loadSettings;
    private final WarehouseSettings warehouseSettings;
    private DbtPeer peer;

    public LoadBenchmark(Path work, LoadSettings loadSettings, WarehouseSettings warehouseSettings) {
        this.work = work;
        this.loadSettings = loadSettings;
        this.warehouseSettings = warehouseSettings;
    }

    /** Runs {@code peer} too (--peer dbt), after sendtime's full rebuild and after its delta, on the same files. */
    public LoadBenchmark withPeer(DbtPeer peer) {
        this.peer = peer;
        return this;
    }

    /**
     * Writes the synthetic curated lake of {@code customers} customers under {@code <work>/lake}: {@link #RUNS}
     * transform runs (sql/bench/curated_run.sql) and the 1% delta (sql/bench/curated_delta.sql). Not timed.
     */
    public SyntheticLake buildLake(int customers, PrintWriter out) throws IOException {
        Map<String, String> sizes = sizes(customers);
        Path lakeDir = work.resolve("lake");
        List<CuratedManifest> runs = new ArrayList<>();
        for (int r = 1; r <= RUNS; r++) {
            runs.add(generate(lakeDir, "curated_run.sql", runId(r), r, sizes));
        }
        CuratedManifest delta = generate(lakeDir, "curated_delta.sql", "20261115T010000Z-tbench0" + (RUNS + 1), RUNS + 1,
                sizes);
        SyntheticLake lake = new SyntheticLake(List.copyOf(runs), delta, lakeDir);
        out.printf("curated lake: %,d customers, %d runs, %,d records (%,d orders, %,d events), %.2f versions per key;"
                        + " delta %,d records; in %s%n", customers, RUNS, lake.records(),
                entityRecords(runs, "orders"), entityRecords(runs, "storefront_events"), versionsPerKey(lake),
                delta.entities().values().stream().mapToLong(CuratedManifest.EntityFiles::records).sum(), lakeDir);
        out.flush();
        return lake;
    }

    /**
     * A warehouse of {@code customers} synthetic profiles (the lake's runs of {@link #buildLake}, one full rebuild as of
     * {@link #FULL_AS_OF}), for other benchmarks: the render's.
     */
    public Warehouse prepare(int customers, PrintWriter out) throws IOException {
        SyntheticLake lake = buildLake(customers, out);
        WarehouseLoader loader = new WarehouseLoader(loadSettings, ConsentSettings.defaults(),
                new CuratedFiles(new Lake(lake.dir().toUri(), Map.of())));
        Warehouse warehouse = new Warehouse(new WarehouseSettings(work.resolve("warehouse.duckdb"),
                warehouseSettings.memoryLimit(), warehouseSettings.threads()));
        Instant t0 = Instant.now();
        WarehouseLoader.Result full = warehouse.write("bench", h -> loader.load(h, CuratedCatalog.Snapshot.of(lake.runs()),
                true, FULL_AS_OF));
        out.printf("warehouse: %,d profiles loaded in %s%n", full.counts().get("profiles"),
                seconds(Duration.between(t0, Instant.now())));
        out.flush();
        return warehouse;
    }

    /** The warehouse {@link #prepare} built in this work directory before (kept with --keep). */
    public Warehouse reuse() {
        Path file = work.resolve("warehouse.duckdb");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--reuse: no warehouse in " + work
                    + " (run once with --dir " + work + " --keep to build one)");
        }
        return new Warehouse(new WarehouseSettings(file, warehouseSettings.memoryLimit(), warehouseSettings.threads()));
    }

    /** The load's steps and, last, what the whole time adds to them: the commit and the snapshot's publication. */
    private static Map<String, Long> withCommit(Map<String, Long> steps, Duration whole) {
        Map<String, Long> all = new LinkedHashMap<>(steps);
        long counted = steps.entrySet().stream().filter(e -> !e.getKey().startsWith("snapshot: "))
                .mapToLong(Map.Entry::getValue).sum();
        all.put("commit and publish", Math.max(0, whole.toMillis() - counted));
        return all;
    }

    public Result run(int customers, PrintWriter out) throws IOException {
        SyntheticLake lake = buildLake(customers, out);
        CuratedFiles files = new CuratedFiles(new Lake(lake.dir().toUri(), Map.of()));
        // the profiles snapshot for sendtime serve is part of every load (docs/load.md): measured with it
        ProfileSnapshots snapshots = new ProfileSnapshots(new Lake(lake.dir().toUri(), Map.of()));
        WarehouseLoader loader = new WarehouseLoader(loadSettings, ConsentSettings.defaults(), files)
                .publishingProfiles(snapshots);
        Warehouse warehouse = new Warehouse(new WarehouseSettings(work.resolve("warehouse.duckdb"),
                warehouseSettings.memoryLimit(), warehouseSettings.threads()));
        warehouse.migrate();

        try (HeapWatch heap = new HeapWatch()) {
            Instant t0 = Instant.now();
            WarehouseLoader.Result full = warehouse.write("bench", h -> loader.load(h, CuratedCatalog.Snapshot.of(lake.runs()),
                    true, FULL_AS_OF));
            full.publishProfiles(snapshots);
            Duration fullTime = Duration.between(t0, Instant.now());
            out.printf("(1) full rebuild of %d runs:   %s  (%,d profiles, %,d deleted keys kept as tombstones)%n", RUNS,
                    seconds(fullTime), full.counts().get("profiles"), tombstones(warehouse));
            out.println("    steps (ms): " + withCommit(full.millis(), fullTime));
            out.flush();
            if (peer != null) {
                peer.full(DbtPeer.byEntity(lake::fullFiles), full.asOf(),
                        warehouse.path(), fullTime, serving(full), out);
            }

            Instant t1 = Instant.now();
            WarehouseLoader.Result incremental = warehouse.write("bench", h -> loader.load(h,
                    CuratedCatalog.Snapshot.of(lake.withDelta()), false, DELTA_AS_OF));
            incremental.publishProfiles(snapshots);
            Duration incrementalTime = Duration.between(t1, Instant.now());
            out.printf("(2) incremental, 1%% delta:     %s  (%,d profiles touched, %,d new versions, %,d deleted)%n",
                    seconds(incrementalTime), incremental.counts().get("profiles_touched"),
                    incremental.counts().get("profile_versions_added"), incremental.counts().get("profiles_deleted"));
            out.println("    steps (ms): " + withCommit(incremental.millis(), incrementalTime));
            out.printf("    profiles snapshot: %,d rows written (%s), chain %s%n", incremental.counts().get("profiles_published"),
                    incremental.serving().next().deltas().isEmpty() ? "a new base" : "a delta",
                    snapshots.current().files());
            out.flush();
            if (peer != null) {
                peer.delta(DbtPeer.byEntity(lake::deltaFiles), incremental.asOf(),
                        warehouse.path(), incrementalTime, serving(incremental), out);
            }

            Map<String, Long> referenceMillis = new LinkedHashMap<>();
            Map<String, Long> referenceCounts = new LinkedHashMap<>();
            List<String> columns = warehouse.read(h ->
                    h.createQuery(SqlFiles.text("bench/profile_columns.sql")).mapTo(String.class).list());
            String profileColumns = String.join(", ", columns);
            Duration referenceTime = reference(lake, files, loader, profileColumns, referenceMillis, referenceCounts);
            out.printf("(3) reference (%s: each entity deduplicated once into a table, then the same consents,"
                    + " profiles, features, segments and profiles snapshot): %s%n", REFERENCE_KIND, seconds(referenceTime));
            out.println("    steps (ms): " + referenceMillis);
            // the same work: the reference's profiles and segment sizes are the full rebuild's
            Map<String, Long> fullOutputs = new java.util.TreeMap<>();
            full.counts().forEach((k, v) -> {
                if (referenceCounts.containsKey(k)) {
                    fullOutputs.put(k, v);
                }
            });
            // and the profiles snapshot it wrote is the full rebuild's base, row for row
            long snapshotDiff = snapshotDiff(snapshots.localFile(full.serving().next().base().file()),
                    work.resolve(REFERENCE_SNAPSHOT));
            boolean same = fullOutputs.equals(new java.util.TreeMap<>(referenceCounts)) && snapshotDiff == 0;
            out.println("    same outputs as (1): " + (same ? "yes" : "NO") + " " + new java.util.TreeMap<>(referenceCounts)
                    + ", profiles snapshot rows that differ: " + snapshotDiff + (same ? "" : " vs " + fullOutputs));
            out.flush();
            double fullOverReference = ratio(fullTime, referenceTime);
            double incrementalOverFull = ratio(incrementalTime, fullTime);
            return new Result(customers, lake.records(), RUNS, versionsPerKey(lake), REFERENCE_KIND, same, fullTime,
                    incrementalTime, referenceTime, fullOverReference, incrementalOverFull, heap.peakBytes(),
                    full.counts(), incremental.counts(), full.millis(), incremental.millis(), referenceMillis);
        }
    }

    /** Rows of one profiles-snapshot base not in the other, both ways (sql/bench/snapshot_diff.sql). */
    private long snapshotDiff(Path a, Path b) {
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            return h.createQuery(SqlFiles.text("bench/snapshot_diff.sql")).bind("a", a.toString()).bind("b", b.toString())
                    .mapTo(Long.class).one();
        }
    }

    private static double ratio(Duration a, Duration b) {
        return b.isZero() ? Double.NaN : a.toNanos() / (double) b.toNanos();
    }

    private static String runId(int run) {
        return String.format("202611%02dT000000Z-tbench%02d", 1 + 4 * (run - 1), run);
    }

    private static long entityRecords(List<CuratedManifest> runs, String entity) {
        return runs.stream().map(m -> m.entities().get(entity)).filter(java.util.Objects::nonNull)
                .mapToLong(CuratedManifest.EntityFiles::records).sum();
    }

    /** Versions (tombstones included) per key in the full build's runs, over every entity: records / distinct keys. */
    private double versionsPerKey(SyntheticLake lake) throws IOException {
        long records = 0;
        long keys = 0;
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            for (LoadEntity e : LoadEntity.values()) {
                List<Path> files = lake.fullFiles(e.curated());
                if (files.isEmpty()) {
                    continue;
                }
                records += entityRecords(lake.runs(), e.curated());
                keys += h.createQuery(SqlScript.load("bench/distinct_keys.sql").statements(Map.of("key", e.key())).get(0))
                        .bind("files", JSON.writeValueAsString(files.stream().map(Path::toString).toList()))
                        .mapTo(Long.class).one();
            }
        }
        return keys == 0 ? 0 : records / (double) keys;
    }

    private static long tombstones(Warehouse warehouse) {
        return warehouse.read(h -> h.createQuery(SqlFiles.text("bench/tombstones.sql")).mapTo(Long.class).one());
    }

    /** The synthetic lake's sizes for sql/bench/: products, orders and events in proportion to the customers. */
    private static Map<String, String> sizes(int customers) {
        return Map.of("customers", Integer.toString(customers), "products", Integer.toString(Math.max(100, customers / 100)),
                "orders", Integer.toString(3 * customers), "events", Integer.toString(17 * customers));
    }

    /** Writes one synthetic transform run with DuckDB (sql/bench/{@code script}) and returns its manifest. */
    private CuratedManifest generate(Path lakeDir, String script, String run, int runNo, Map<String, String> sizes)
            throws IOException {
        Path curated = lakeDir.resolve("curated");
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("run", run);
        files.put("runNo", runNo);
        for (LoadEntity e : LoadEntity.values()) {
            Files.createDirectories(curated.resolve(e.curated()));
            files.put(e.curated(), curated.resolve(e.curated()).resolve(run + ".parquet").toString());
        }
        Map<String, String> values = new LinkedHashMap<>(sizes);
        values.put("run", run);
        values.put("runs", Integer.toString(RUNS));
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            SqlScript.load("bench/" + script).run(h, values, files);
        }
        Map<String, CuratedManifest.EntityFiles> entities = new LinkedHashMap<>();
        for (LoadEntity e : LoadEntity.values()) {
            Path file = curated.resolve(e.curated()).resolve(run + ".parquet");
            if (Files.exists(file)) {
                long rows = rows(file);
                entities.put(e.curated(), new CuratedManifest.EntityFiles(e.key(),
                        List.of("curated/" + e.curated() + "/" + run + ".parquet"), rows, rows, 0, 0,
                        List.of(), Map.of()));
            }
        }
        return new CuratedManifest(run, Instant.now(), List.of(), entities);
    }

    /**
     * (3): the same outputs over the same Parquet, materialize-once (sql/bench/reference.sql), in a DuckDB file of its
     * own with the load's settings; what recommendations start from computed once
     * (sql/bench/reference_recommendations.sql); the consents, profiles,
     * features, segments and the profiles snapshot's base by the load's own SQL.
     */
    private Duration reference(SyntheticLake lake, CuratedFiles files, WarehouseLoader loader, String profileColumns,
                               Map<String, Long> millis, Map<String, Long> counts) throws IOException {
        Path file = work.resolve("reference.duckdb");
        Files.deleteIfExists(file);
        Jdbi jdbi = Warehouse.scratch(warehouseSettings, null, file);
        Instant t0 = Instant.now();
        jdbi.useTransaction(h -> {
            long[] last = {System.nanoTime()};
            loader.begin(h, FULL_AS_OF, 1L);
            for (LoadEntity e : LoadEntity.values()) {
                WarehouseLoader.setFiles(h, e.table(), files.localFiles(lake.runs(), e.curated()));
            }
            SqlScript.load("bench/reference.sql").run(h, Map.of());
            last[0] = lap(millis, "materialize", last[0]);
            WarehouseLoader.consents(h);
            last[0] = lap(millis, "consents", last[0]);
            SqlScript.load("load/profiles.sql").run(h, Map.of());
            SqlScript.load("bench/reference_profiles.sql").run(h, Map.of("columns", profileColumns));
            last[0] = lap(millis, "profiles", last[0]);
            SqlScript.load("bench/reference_recommendations.sql").run(h, Map.of());
            last[0] = lap(millis, "recommendation inputs", last[0]);
            loader.features(h);
            new SegmentRules().apply(h, counts);
            last[0] = lap(millis, "segments", last[0]);
            ProfilePublication.writeBase(h, work.resolve(REFERENCE_SNAPSHOT));
            lap(millis, "profiles snapshot", last[0]);
            counts.put("profiles", h.createQuery(SqlFiles.text("bench/reference_count.sql")).mapTo(Long.class).one());
        });
        return Duration.between(t0, Instant.now());
    }

    private static long lap(Map<String, Long> millis, String step, long since) {
        long now = System.nanoTime();
        millis.put(step, (now - since) / 1_000_000);
        return now;
    }

    /** The part of a load that wrote the profiles snapshot for sendtime serve (WarehouseLoader's step), for a peer. */
    private static Duration serving(WarehouseLoader.Result load) {
        return Duration.ofMillis(load.millis().getOrDefault("profiles snapshot", 0L));
    }

    private long rows(Path parquet) {
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            return h.createQuery(SqlFiles.text("lake/count_rows.sql")).bind("file", parquet.toString()).mapTo(Long.class).one();
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
