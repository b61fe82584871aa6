package io.sendtime.load;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.WarehouseException;

/**
 * One load, inside the caller's warehouse transaction: merges the curated files of the given manifests
 * into the entity tables (sql/load/stage.sql, merge.sql and hooks), recomputes consents, profiles and
 * their SCD2 snapshots for the touched customers, refreshes the feature views and every segment
 * membership, and records the load. Everything or nothing: the caller commits once at the end.
 */
final class WarehouseLoader {

    private final LoadSettings settings;
    private final CuratedFiles files;

    WarehouseLoader(LoadSettings settings, CuratedFiles files) {
        this.settings = settings;
        this.files = files;
    }

    /** What the load did, before the transaction commits. */
    record Result(long loadId, boolean fullRebuild, Instant asOf, int manifests, Map<String, Long> counts,
                  Map<String, Long> millis) {}

    /**
     * @param curated       the curated manifests a load may read ({@link CuratedCatalog.Snapshot#trusted})
     * @param requestedAsOf the as_of to use, or null for now
     */
    Result load(Handle h, CuratedCatalog.Snapshot curated, boolean fullRebuild, Instant requestedAsOf) {
        Instant started = Instant.now();
        Instant lastAsOf = h.createQuery("SELECT max(as_of) FROM load_log").mapTo(Instant.class).one();
        Instant asOf = (requestedAsOf == null ? Instant.now() : requestedAsOf).truncatedTo(ChronoUnit.MICROS);
        if (lastAsOf != null && !asOf.isAfter(lastAsOf)) {
            if (requestedAsOf != null) {
                throw new WarehouseException("--as-of " + requestedAsOf + " is not after the last load's as_of "
                        + lastAsOf + ": loads move forward in time");
            }
            asOf = lastAsOf.plus(1, ChronoUnit.MICROS);
        }
        long loadId = h.createQuery("SELECT coalesce(max(load_id), 0) + 1 FROM load_log").mapTo(Long.class).one();

        Set<String> loaded = Set.copyOf(h.createQuery("SELECT transform_run_id FROM loaded_manifests")
                .mapTo(String.class).list());
        List<CuratedManifest> pending = curated.trusted().stream()
                .filter(m -> fullRebuild || !curated.loaded(m.transformRunId(), loaded)).toList();

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("records_read", pending.stream().flatMap(m -> m.entities().values().stream())
                .mapToLong(CuratedManifest.EntityFiles::read).sum());
        counts.put("records_quarantined", pending.stream().flatMap(m -> m.entities().values().stream())
                .mapToLong(CuratedManifest.EntityFiles::quarantined).sum());
        h.execute("SET VARIABLE as_of = ?::TIMESTAMPTZ", Timestamp.from(asOf));
        h.execute("SET VARIABLE load_id = ?::BIGINT", loadId);
        h.execute("CREATE OR REPLACE TEMP TABLE touched (customer_key VARCHAR)");
        if (fullRebuild) {
            clearForRebuild(h);
        }
        Stopwatch watch = new Stopwatch();
        for (LoadEntity entity : LoadEntity.values()) {
            List<String> entityFiles = files.localFiles(pending, entity.curated());
            counts.put(entity.table() + "_merged", entityFiles.isEmpty() ? 0L
                    : fullRebuild ? rebuild(h, entity, entityFiles) : merge(h, entity, entityFiles));
            watch.lap("merge " + entity.table());
        }
        if (fullRebuild) {
            // a profile needs a contact or a customer; everyone else already in touched is closed if gone
            h.execute("INSERT INTO touched SELECT customer_key FROM contacts UNION ALL SELECT customer_key FROM customers");
        }
        h.execute("CREATE OR REPLACE TEMP TABLE touched_keys AS SELECT DISTINCT customer_key FROM touched"
                + " WHERE customer_key IS NOT NULL");
        Map<String, String> none = Map.of();
        SqlScript.load("load/consents.sql").run(h, none);
        watch.lap("consents");
        SqlScript.load("load/profiles.sql").run(h, none);
        watch.lap("profiles");
        SqlScript.load("load/snapshots.sql").run(h, none);
        watch.lap("snapshots");
        SqlScript.load("load/features.sql").run(h, Map.of(
                "view_window_days", Long.toString(settings.viewWindow().toDays()),
                "cart_abandon_after_minutes", Long.toString(settings.cartAbandonAfter().toMinutes())));
        new SegmentRules().apply(h, counts);
        watch.lap("segments");
        profileCounts(h, loadId, asOf, counts);
        watch.lap("counts");

        for (CuratedManifest m : pending) {
            h.execute("INSERT OR REPLACE INTO loaded_manifests VALUES (?, ?, ?::TIMESTAMPTZ)", m.transformRunId(),
                    loadId, m.committedAt() == null ? null : Timestamp.from(m.committedAt()));
        }
        String countsLiteral = counts.entrySet().stream().map(e -> "'" + e.getKey().replace("'", "''") + "': " + e.getValue())
                .collect(Collectors.joining(", ", "MAP {", "}"));
        h.execute("INSERT INTO load_log (load_id, started_at, finished_at, mode, profiles_touched, status, as_of,"
                        + " manifests, counts) VALUES (?, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ, ?, ?, 'completed', ?::TIMESTAMPTZ, ?, "
                        + countsLiteral + ")",
                // not DuckDB's now(): that is when the transaction started
                loadId, Timestamp.from(started), Timestamp.from(Instant.now()), fullRebuild ? "full-rebuild" : "incremental",
                counts.get("profiles_touched"), Timestamp.from(asOf), pending.size());
        return new Result(loadId, fullRebuild, asOf, pending.size(), counts, watch.laps());
    }

    /** Milliseconds per step, for the benchmark and the log. */
    private static final class Stopwatch {
        private final Map<String, Long> laps = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void lap(String name) {
            long now = System.nanoTime();
            laps.put(name, (now - last) / 1_000_000);
            last = now;
        }

        Map<String, Long> laps() {
            return laps;
        }
    }

    private static void clearForRebuild(Handle h) {
        for (LoadEntity entity : LoadEntity.values()) {
            h.execute("DELETE FROM " + entity.table());
        }
        h.execute("DELETE FROM order_items");
        h.execute("DELETE FROM consent_statements");
        h.execute("DELETE FROM loaded_manifests");
        // everyone with a profile now is recomputed (and closed, if the lake no longer has them)
        h.execute("INSERT INTO touched SELECT customer_key FROM profiles"
                + " UNION SELECT customer_key FROM profile_snapshots WHERE is_current");
    }

    private static long merge(Handle h, LoadEntity entity, List<String> entityFiles) {
        setFiles(h, entity.table(), entityFiles);
        Map<String, String> names = Map.of("table", entity.table(), "key", entity.key());
        SqlScript.load("load/stage.sql").run(h, names);
        if (entity.ownedByCustomer()) {
            SqlScript.load("load/touch.sql").run(h, names);
        }
        SqlScript.load("load/prune.sql").run(h, names);
        long merged = h.createQuery("SELECT count(*) FROM delta_" + entity.table()).mapTo(Long.class).one();
        runHook(h, "before", entity);
        SqlScript.load("load/merge.sql").run(h, names);
        runHook(h, "after", entity);
        h.execute("DROP TABLE delta_" + entity.table());
        return merged;
    }

    /** The DuckDB variable {@code files_<table>} the SQL reads with {@code read_parquet(getvariable(...))}. */
    static void setFiles(Handle h, String table, List<String> files) {
        h.execute("SET VARIABLE files_" + table + " = " + files.stream().map(f -> "'" + f.replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "[", "]")));
    }

    private static long rebuild(Handle h, LoadEntity entity, List<String> entityFiles) {
        setFiles(h, entity.table(), entityFiles);
        long repeated = scalar(h, "SELECT count(*) - count(DISTINCT " + entity.key() + ") FROM read_parquet(getvariable('files_"
                + entity.table() + "'), union_by_name = true, hive_partitioning = false)");
        String keepLatest = repeated == 0 ? "" : keepLatest(entity.key());
        SqlScript.load("load/rebuild.sql").run(h, Map.of("table", entity.table(), "key", entity.key(),
                "keep_latest", keepLatest));
        long merged = scalar(h, "SELECT count(*) FROM " + entity.table());
        runHook(h, "before", entity);
        runHook(h, "after", entity);
        h.execute("DROP VIEW delta_" + entity.table());
        return merged;
    }

    /** The QUALIFY that keeps the latest version per {@code key}, in the transform's version order. */
    static String keepLatest(String key) {
        return "QUALIFY row_number() OVER (PARTITION BY " + key
                + " ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1";
    }

    private static void runHook(Handle h, String when, LoadEntity entity) {
        String path = "load/" + when + "/" + entity.table() + ".sql";
        if (SqlScript.exists(path)) {
            SqlScript.load(path).run(h, Map.of());
        }
    }

    private static void profileCounts(Handle h, long loadId, Instant asOf, Map<String, Long> counts) {
        counts.put("profiles_touched", scalar(h, "SELECT count(*) FROM touched_keys"));
        counts.put("profile_versions_added", scalar(h,
                "SELECT count(*) FROM profile_snapshots WHERE snapshot_version = " + loadId));
        counts.put("profiles_deleted", scalar(h, "SELECT count(*) FROM profile_snapshots"
                + " WHERE closed_by = 'deleted' AND valid_to = getvariable('as_of')"));
        counts.put("profiles", scalar(h, "SELECT count(*) FROM profiles"));
        counts.put("orders_without_profile", scalar(h, """
                SELECT count(*) FROM orders o
                WHERE o.customer_key IS NULL OR NOT EXISTS (SELECT 1 FROM profiles p WHERE p.customer_key = o.customer_key)"""));
        counts.put("orders_other_currency", scalar(h, """
                SELECT count(*) FROM orders o JOIN profiles p USING (customer_key)
                WHERE NOT o.is_cancelled AND NOT o.is_deleted AND o.currency IS DISTINCT FROM p.currency"""));
        counts.put("events_anonymous", scalar(h, "SELECT count(*) FROM events WHERE customer_key IS NULL"));
    }

    static long scalar(Handle h, String sql) {
        return h.createQuery(sql).mapTo(Long.class).one();
    }
}
