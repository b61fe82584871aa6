package io.sendtime.load;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import io.sendtime.config.ConsentSettings;
import io.sendtime.config.SqlFiles;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.RunManifests;
import io.sendtime.model.ExchangeRates;
import io.sendtime.warehouse.RecordedRates;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.WarehouseException;
import io.sendtime.warehouse.WarehouseQueries;

/**
 * One load, inside the caller's warehouse transaction: merges the curated files of the given manifests
 * into the entity tables (sql/load/stage.sql, merge.sql and hooks), recomputes consents, profiles and
 * their SCD2 snapshots for the touched customers (all buyers when new exchange rates came), refreshes the feature views and every segment
 * membership, and records the load. Everything or nothing: the caller commits once at the end.
 */
public final class WarehouseLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadSettings settings;
    private final ConsentSettings consent;
    private final CuratedFiles files;
    private final ExchangeRates rates;
    private final ProfilePublication serving;

    public WarehouseLoader(LoadSettings settings, ConsentSettings consent, CuratedFiles files) {
        this(settings, consent, files, null);
    }

    /**
     * @param rates the configured exchange rates ({@code sendtime.money}), recorded by the load when new; null: none
     *              configured, the recorded ones stand
     */
    public WarehouseLoader(LoadSettings settings, ConsentSettings consent, CuratedFiles files, ExchangeRates rates) {
        this(settings, consent, files, rates, null);
    }

    private WarehouseLoader(LoadSettings settings, ConsentSettings consent, CuratedFiles files, ExchangeRates rates,
                            ProfilePublication serving) {
        this.settings = settings;
        this.consent = consent;
        this.files = files;
        this.rates = rates;
        this.serving = serving;
    }

    /**
     * This loader, also writing the profiles snapshot for sendtime serve into {@code snapshots} (docs/load.md); the
     * caller publishes {@link Result#serving} once the transaction committed.
     */
    public WarehouseLoader publishingProfiles(io.sendtime.lake.ProfileSnapshots snapshots) {
        return new WarehouseLoader(settings, consent, files, rates, new ProfilePublication(snapshots));
    }

    /** What the load did, before the transaction commits. */
    public record Result(long loadId, boolean fullRebuild, Instant asOf, int manifests, Map<String, Long> counts,
                         Map<String, Long> millis, ProfilePublication.Pending serving) {

        /** Makes the profiles snapshot this load wrote current (after the commit); nothing when it wrote none. */
        public void publishProfiles(io.sendtime.lake.ProfileSnapshots snapshots) {
            if (serving != null) {
                snapshots.publish(serving.next(), serving.previous());
            }
        }
    }

    /**
     * @param curated       the curated manifests a load may read ({@link CuratedCatalog.Snapshot#trusted})
     * @param requestedAsOf the as_of to use, or null for now
     */
    public Result load(Handle h, CuratedCatalog.Snapshot curated, boolean fullRebuild, Instant requestedAsOf) {
        Instant started = Instant.now();
        Stopwatch watch = new Stopwatch();
        Instant lastAsOf = h.createQuery(SqlFiles.text("load/last_as_of.sql")).mapTo(Instant.class).one();
        Instant asOf = (requestedAsOf == null ? Instant.now() : requestedAsOf).truncatedTo(ChronoUnit.MICROS);
        if (lastAsOf != null && !asOf.isAfter(lastAsOf)) {
            if (requestedAsOf != null) {
                throw new WarehouseException("--as-of " + requestedAsOf + " is not after the last load's as_of "
                        + lastAsOf + ": loads move forward in time");
            }
            asOf = lastAsOf.plus(1, ChronoUnit.MICROS);
        }
        long loadId = h.createQuery(SqlFiles.text("load/next_load_id.sql")).mapTo(Long.class).one();

        Set<String> loaded = loadedManifests(h);
        List<CuratedManifest> pending = curated.trusted().stream()
                .filter(m -> fullRebuild || !curated.loaded(m.transformRunId(), loaded)).toList();

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("records_read", pending.stream().flatMap(m -> m.entities().values().stream())
                .mapToLong(CuratedManifest.EntityFiles::read).sum());
        counts.put("records_quarantined", pending.stream().flatMap(m -> m.entities().values().stream())
                .mapToLong(CuratedManifest.EntityFiles::quarantined).sum());
        begin(h, asOf, loadId);
        int ratesAdded = rates == null ? 0 : RecordedRates.record(h, rates, loadId);
        counts.put("exchange_rates_added", (long) ratesAdded);
        String base = rates != null ? rates.base() : RecordedRates.read(h, "USD").base();
        SqlScript.load("money/money_rates.sql").run(h, Map.of(), Map.of("base", base,
                "baseDigits", ExchangeRates.digits(base)));
        if (fullRebuild) {
            for (LoadEntity entity : LoadEntity.values()) {
                SqlScript.load("load/clear_table.sql").run(h, Map.of("table", entity.table()));
            }
            SqlScript.load("load/clear.sql").run(h, Map.of());
        }
        watch.lap("begin");
        for (LoadEntity entity : LoadEntity.values()) {
            List<String> entityFiles = files.localFiles(pending, entity.curated());
            counts.put(entity.table() + "_merged", entityFiles.isEmpty() ? 0L
                    : fullRebuild ? rebuild(h, entity, entityFiles, runsWith(pending, entity)) : merge(h, entity, entityFiles));
            watch.lap("merge " + entity.table());
            if (entity == LoadEntity.ORDERS && !entityFiles.isEmpty()) {
                // what the merged orders changed in "bought together" (before/orders.sql noted what they were)
                SqlScript.load("load/pairs.sql").run(h, Map.of());
                watch.lap("product pairs");
            }
        }
        if (fullRebuild) {
            SqlScript.load("load/touch_all.sql").run(h, Map.of());
        } else if (ratesAdded > 0) {
            SqlScript.load("load/touch_buyers.sql").run(h, Map.of());
        }
        SqlScript.load("load/touched_keys.sql").run(h, Map.of());
        Map<String, String> none = Map.of();
        consents(h);
        watch.lap("consents");
        SqlScript.load("load/profiles.sql").run(h, none);
        watch.lap("profiles");
        SqlScript.load("load/snapshots.sql").run(h, none);
        watch.lap("snapshots");
        SqlScript.load("load/bought.sql").run(h, none);
        watch.lap("bought products");
        features(h);
        // the chain and, on the same UTC day as it, the profiles whose features moved: the segments may keep to those
        ProfilePublication.Chain chain = serving == null ? null : serving.prepare(h, loadId, asOf, fullRebuild, settings);
        if (chain != null) {
            watch.lap("snapshot chain");
        }
        new SegmentRules().apply(h, counts, chain != null && chain.onlyMoved());
        watch.lap("segments");
        h.createQuery(SqlFiles.text("load/counts.sql")).mapToMap().one()
                .forEach((name, n) -> counts.put(name, ((Number) n).longValue()));
        watch.lap("counts");
        ProfilePublication.Pending published = serving == null ? null : serving.write(h, chain, loadId, asOf, settings);
        if (published != null) {
            counts.put("profiles_published", published.rowsWritten());
            counts.put("profiles_assembled", published.rowsAssembled());
            watch.lap("profiles snapshot");
            published.millis().forEach((step, ms) -> watch.laps().put("snapshot: " + step, ms));
        }

        for (CuratedManifest m : pending) {
            h.createUpdate(SqlFiles.text("load/record_manifest.sql")).bind("transformRunId", m.transformRunId())
                    .bind("loadId", loadId)
                    .bindByType("committedAt", m.committedAt() == null ? null : Timestamp.from(m.committedAt()),
                            Timestamp.class)
                    .execute();
        }
        if (files != null) {
            PreparedBatch windows = h.prepareBatch(SqlFiles.text("load/record_windows.sql"));
            for (RunManifests.Window w : files.consumedWindows(pending)) {
                windows.bind("source", w.source()).bind("entity", w.entity()).bind("runId", w.runId())
                        .bind("windowFrom", Timestamp.from(w.from())).bind("windowTo", Timestamp.from(w.to()))
                        .bind("loadId", loadId).add();
            }
            if (windows.size() > 0) {
                windows.execute();
            }
        }
        Instant dataCompleteTo = WarehouseQueries.completeness(h).stream()
                .map(WarehouseQueries.Completeness::completeTo).min(Instant::compareTo).orElse(null);
        h.createUpdate(SqlFiles.text("load/record_load.sql"))
                .bind("loadId", loadId).bind("startedAt", Timestamp.from(started))
                // not DuckDB's now(): that is when the transaction started
                .bind("finishedAt", Timestamp.from(Instant.now())).bind("mode", fullRebuild ? "full-rebuild" : "incremental")
                .bind("profilesTouched", counts.get("profiles_touched")).bind("asOf", Timestamp.from(asOf))
                .bind("manifests", pending.size()).bind("counts", json(counts))
                .bindByType("dataCompleteTo", dataCompleteTo == null ? null : Timestamp.from(dataCompleteTo), Timestamp.class)
                .execute();
        watch.lap("record");
        return new Result(loadId, fullRebuild, asOf, pending.size(), counts, watch.laps(), published);
    }

    /** Rebuilds the touched customers' consent history from their statements, by the one conflict rule. */
    public static void consents(Handle h) {
        SqlScript.load("load/consent_input.sql").run(h, Map.of());
        SqlScript.load("consent/history.sql").run(h, Map.of());
        SqlScript.load("load/consents.sql").run(h, Map.of());
    }

    /** The load's inputs as DuckDB variables (sql/load/begin.sql): as_of, load_id, the subscription channels. */
    public void begin(Handle h, Instant asOf, long loadId) {
        SqlScript.load("load/begin.sql").run(h, Map.of(), Map.of("asOf", Timestamp.from(asOf), "loadId", loadId,
                "subscriptionChannels", json(consent.channelOfSubscription())));
    }

    /** The ids of the curated manifests the warehouse holds (sql/load/loaded_manifests.sql). */
    public static Set<String> loadedManifests(Handle h) {
        return Set.copyOf(h.createQuery(SqlFiles.text("load/loaded_manifests.sql")).mapTo(String.class).list());
    }

    /** The time-relative feature views (sql/load/features.sql), with the windows of sendtime.load. */
    public void features(Handle h) {
        SqlScript.load("load/features.sql").run(h, Map.of(
                "view_window_days", Long.toString(settings.viewWindow().toDays()),
                "cart_abandon_after_minutes", Long.toString(settings.cartAbandonAfter().toMinutes())));
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

    private static long merge(Handle h, LoadEntity entity, List<String> entityFiles) {
        setFiles(h, entity.table(), entityFiles);
        Map<String, String> names = Map.of("table", entity.table(), "key", entity.key(),
                "keep_latest", keepLatest(entity.key()));
        SqlScript.load("load/stage.sql").run(h, names);
        if (entity.ownedByCustomer()) {
            SqlScript.load("load/touch.sql").run(h, names);
        }
        SqlScript.load("load/prune.sql").run(h, names);
        long merged = scalar(h, "load/delta_size.sql", names);
        runHook(h, "before", entity);
        SqlScript.load("load/merge.sql").run(h, names);
        runHook(h, "after", entity);
        SqlScript.load("load/drop_delta.sql").run(h, names);
        return merged;
    }

    /** The DuckDB variable {@code files_<table>} the SQL reads with {@code read_parquet(getvariable(...))}. */
    public static void setFiles(Handle h, String table, List<String> files) {
        try {
            SqlScript.load("load/files.sql").run(h, Map.of("table", table), Map.of("files", JSON.writeValueAsString(files)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many of the manifests have files of {@code entity}. */
    private static long runsWith(List<CuratedManifest> manifests, LoadEntity entity) {
        return manifests.stream().filter(m -> m.entities().containsKey(entity.curated())).count();
    }

    /**
     * @param runs how many manifests the files come from: one transform run (or compaction) writes one row per key, so a
     *             key repeats only across them; from several, the latest version is kept without checking first
     *             (the check would read every file once more only to find what hourly runs almost always have)
     */
    private static long rebuild(Handle h, LoadEntity entity, List<String> entityFiles, long runs) {
        setFiles(h, entity.table(), entityFiles);
        Map<String, String> names = Map.of("table", entity.table(), "key", entity.key());
        long repeated = runs > 1 ? 1 : scalar(h, "load/repeated_keys.sql", names);
        SqlScript.load("load/rebuild.sql").run(h, Map.of("table", entity.table(), "key", entity.key(),
                "keep_latest", repeated == 0 ? "" : keepLatest(entity.key())));
        long merged = scalar(h, "load/table_size.sql", names);
        runHook(h, "before", entity);
        runHook(h, "after", entity);
        SqlScript.load("load/drop_delta_view.sql").run(h, names);
        return merged;
    }

    /** The QUALIFY that keeps the latest version per {@code key}, in the transform's version order. */
    public static String keepLatest(String key) {
        return SqlScript.load("load/keep_latest.sql").statements(Map.of("key", key)).get(0);
    }

    private static void runHook(Handle h, String when, LoadEntity entity) {
        String path = "load/" + when + "/" + entity.table() + ".sql";
        if (SqlScript.exists(path)) {
            SqlScript.load(path).run(h, Map.of());
        }
    }

    private static long scalar(Handle h, String file, Map<String, String> names) {
        return h.createQuery(SqlScript.load(file).statements(names).get(0)).mapTo(Long.class).one();
    }

    private static String json(Map<String, ?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
