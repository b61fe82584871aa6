package io.sendtime.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import io.sendtime.config.ConsentSettings;
import io.sendtime.config.SqlFiles;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.load.CuratedCatalog;
import io.sendtime.load.CuratedFiles;
import io.sendtime.load.LoadEntity;
import io.sendtime.load.LoadSettings;
import io.sendtime.load.SegmentRules;
import io.sendtime.load.WarehouseLoader;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * {@code ./sendtime bench load}: a synthetic curated lake of N customers (sql/bench/curated_lake.sql,
 * written by DuckDB), then, in one run: (1) a full rebuild of a new warehouse, (2) an incremental load
 * of a 1% delta (sql/bench/curated_delta.sql), (3) the reference: the load's own feature queries over
 * the same curated Parquet directly (sql/bench/reference.sql), without materializing anything.
 */
public final class LoadBenchmark {

    /** What one run measured. */
    public record Result(long customers, long records, Duration fullRebuild, Duration incremental, Duration reference,
                         long peakHeapBytes, Map<String, Long> fullCounts, Map<String, Long> incrementalCounts) {}

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
     * A warehouse of {@code customers} synthetic profiles (the lake of {@link #run}, one full rebuild as of
     * 2026-11-15), for other benchmarks: the render's.
     */
    public Warehouse prepare(int customers, PrintWriter out) throws IOException {
        Map<String, String> sizes = sizes(customers);
        Path lakeDir = work.resolve("lake");
        CuratedManifest base = generate(lakeDir, "curated_lake.sql", "20261101T000000Z-tbench01", sizes);
        WarehouseLoader loader = new WarehouseLoader(loadSettings, ConsentSettings.defaults(), new CuratedFiles(new Lake(lakeDir.toUri(), Map.of())));
        Warehouse warehouse = new Warehouse(new WarehouseSettings(work.resolve("warehouse.duckdb"),
                warehouseSettings.memoryLimit(), warehouseSettings.threads()));
        Instant t0 = Instant.now();
        WarehouseLoader.Result full = warehouse.write("bench", h -> loader.load(h, CuratedCatalog.Snapshot.of(List.of(base)), true,
                Instant.parse("2026-11-15T00:00:00Z")));
        out.printf("warehouse: %,d profiles loaded in %s%n", full.counts().get("profiles"),
                seconds(Duration.between(t0, Instant.now())));
        out.flush();
        return warehouse;
    }

    public Result run(int customers, PrintWriter out) throws IOException {
        Map<String, String> sizes = sizes(customers);
        Path lakeDir = work.resolve("lake");
        CuratedManifest base = generate(lakeDir, "curated_lake.sql", "20261101T000000Z-tbench01", sizes);
        long records = base.entities().values().stream().mapToLong(CuratedManifest.EntityFiles::records).sum();
        out.printf("curated lake: %,d customers, %,d records (%,d orders, %,d events) in %s%n", customers, records,
                base.entities().get("orders").records(), base.entities().get("storefront_events").records(), lakeDir);
        out.flush();
        CuratedFiles files = new CuratedFiles(new Lake(lakeDir.toUri(), Map.of()));
        // the profiles snapshot for sendtime serve is part of every load (docs/load.md): measured with it
        ProfileSnapshots snapshots = new ProfileSnapshots(new Lake(lakeDir.toUri(), Map.of()));
        WarehouseLoader loader = new WarehouseLoader(loadSettings, ConsentSettings.defaults(), files)
                .publishingProfiles(snapshots);
        Warehouse warehouse = new Warehouse(new WarehouseSettings(work.resolve("warehouse.duckdb"),
                warehouseSettings.memoryLimit(), warehouseSettings.threads()));
        warehouse.migrate();

        try (HeapWatch heap = new HeapWatch()) {
            Instant t0 = Instant.now();
            WarehouseLoader.Result full = warehouse.write("bench", h -> loader.load(h, CuratedCatalog.Snapshot.of(List.of(base)), true,
                    Instant.parse("2026-11-15T00:00:00Z")));
            full.publishProfiles(snapshots);
            Duration fullTime = Duration.between(t0, Instant.now());
            out.printf("(1) full rebuild:            %s  (%,d profiles)%n", seconds(fullTime), full.counts().get("profiles"));
            out.println("    steps (ms): " + full.millis());
            out.flush();
            if (peer != null) {
                peer.full(DbtPeer.byEntity(e -> paths(files.localFiles(List.of(base), e))), full.asOf(),
                        warehouse.path(), fullTime, serving(full), out);
            }

            CuratedManifest delta = generate(lakeDir, "curated_delta.sql", "20261115T010000Z-tbench02", sizes);
            Instant t1 = Instant.now();
            WarehouseLoader.Result incremental = warehouse.write("bench", h -> loader.load(h, CuratedCatalog.Snapshot.of(List.of(base, delta)), false,
                    Instant.parse("2026-11-15T02:00:00Z")));
            incremental.publishProfiles(snapshots);
            Duration incrementalTime = Duration.between(t1, Instant.now());
            out.printf("(2) incremental, 1%% delta:   %s  (%,d profiles touched, %,d new versions, %,d deleted)%n",
                    seconds(incrementalTime), incremental.counts().get("profiles_touched"),
                    incremental.counts().get("profile_versions_added"), incremental.counts().get("profiles_deleted"));
            out.println("    steps (ms): " + incremental.millis());
            out.printf("    profiles snapshot: %,d rows written (%s), chain %s%n", incremental.counts().get("profiles_published"),
                    incremental.serving().next().deltas().isEmpty() ? "a new base" : "a delta",
                    snapshots.current().files());
            out.flush();
            if (peer != null) {
                peer.delta(DbtPeer.byEntity(e -> paths(files.localFiles(List.of(delta), e))), incremental.asOf(),
                        warehouse.path(), incrementalTime, serving(incremental), out);
            }

            Duration referenceTime = reference(base, files, loader);
            out.printf("(3) reference, same queries over the Parquet: %s%n", seconds(referenceTime));
            out.flush();
            return new Result(customers, records, fullTime, incrementalTime, referenceTime, heap.peakBytes(),
                    full.counts(), incremental.counts());
        }
    }

    /** The synthetic lake's sizes for sql/bench/: products, orders and events in proportion to the customers. */
    private static Map<String, String> sizes(int customers) {
        return Map.of("customers", Integer.toString(customers), "products", Integer.toString(Math.max(100, customers / 100)),
                "orders", Integer.toString(3 * customers), "events", Integer.toString(17 * customers));
    }

    /** Writes one synthetic transform run with DuckDB (sql/bench/{@code script}) and returns its manifest. */
    private CuratedManifest generate(Path lakeDir, String script, String run, Map<String, String> sizes)
            throws IOException {
        Path curated = lakeDir.resolve("curated");
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("run", run);
        for (LoadEntity e : LoadEntity.values()) {
            Files.createDirectories(curated.resolve(e.curated()));
            files.put(e.curated(), curated.resolve(e.curated()).resolve(run + ".parquet").toString());
        }
        Map<String, String> values = new LinkedHashMap<>(sizes);
        values.put("run", run);
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

    /** (3): the load's own queries over the curated Parquet, in a DuckDB file of its own (sql/bench/reference.sql). */
    private Duration reference(CuratedManifest base, CuratedFiles files, WarehouseLoader loader) throws IOException {
        Path file = work.resolve("reference.duckdb");
        Files.deleteIfExists(file);
        Jdbi jdbi = Warehouse.scratch(warehouseSettings, null, file);
        Instant t0 = Instant.now();
        jdbi.useTransaction(h -> {
            loader.begin(h, Instant.parse("2026-11-15T00:00:00Z"), 1L);
            for (LoadEntity e : LoadEntity.values()) {
                WarehouseLoader.setFiles(h, e.table(), files.localFiles(List.of(base), e.curated()));
            }
            SqlScript.load("bench/reference.sql").run(h, Map.of());
            WarehouseLoader.consents(h);
            SqlScript.load("load/profiles.sql").run(h, Map.of());
            SqlScript.load("bench/reference_profiles.sql").run(h, Map.of());
            loader.features(h);
            new SegmentRules().apply(h, new LinkedHashMap<>());
        });
        return Duration.between(t0, Instant.now());
    }

    /** The part of a load that wrote the profiles snapshot for sendtime serve (WarehouseLoader's step), for a peer. */
    private static Duration serving(WarehouseLoader.Result load) {
        return Duration.ofMillis(load.millis().getOrDefault("profiles snapshot", 0L));
    }

    private static List<Path> paths(List<String> files) {
        return files.stream().map(Path::of).toList();
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
