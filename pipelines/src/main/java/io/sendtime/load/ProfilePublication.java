package io.sendtime.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.warehouse.SqlScript;

/**
 * The profiles snapshot a load publishes for {@code sendtime serve} (sql/load/serving/, docs/load.md): inside the
 * load's transaction, the profiles whose published row may have changed (every profile, or when the chain is the
 * previous load's on the same UTC day only the candidates: those serving/moved.sql finds before the segments and
 * those whose memberships changed, serving/candidates.sql) are assembled as served
 * ({@code serving_profiles}) and compared by a 64-bit hash with what the published chain holds, and only the difference
 * is made JSON and written, to a new delta file; a new base instead when there is no chain, on a full rebuild, or when
 * the chain grew past its limits. The caller makes it current ({@link ProfileSnapshots#publish}) once the warehouse
 * committed. A load that crashes before that leaves the previous chain current, and the next load compares every row
 * with it again: nothing is lost and nothing is published twice.
 */
public final class ProfilePublication {

    /** A new base when the chain already has this many deltas (a day of hourly loads). */
    static final int MAX_DELTAS = 24;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * The pointer to publish after the commit, and the one it replaces (null: none); the rows written, and how many
     * profiles' rows were assembled to find them (every profile, or only the candidates).
     */
    public record Pending(ProfileSnapshots.Pointer next, ProfileSnapshots.Pointer previous, long rowsWritten,
                          long rowsAssembled, Map<String, Long> millis) {}

    private final ProfileSnapshots snapshots;

    ProfilePublication(ProfileSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * What {@link #prepare} found before the segments: the chain to compare with (null: none), whether it is complete
     * on disk, and whether only the moved profiles and those whose memberships change need assembling (moved_keys and
     * its temp tables made: sql/load/serving/moved.sql); the steps' milliseconds so far.
     */
    public record Chain(ProfileSnapshots.Pointer previous, boolean chained, boolean onlyMoved, Map<String, Long> millis) {}

    /**
     * Before the segments: every profile's monetary decile, the published chain's hashes and deciles, and, when that
     * chain was published by the previous load on the same UTC day, the profiles whose features may have moved since
     * (serving/moved.sql), which the segments may restrict their rules to ({@link SegmentRules}).
     */
    Chain prepare(Handle h, long loadId, Instant asOf, boolean fullRebuild, LoadSettings settings) {
        ProfileSnapshots.Pointer previous = snapshots.current();
        Map<String, Long> millis = new java.util.LinkedHashMap<>();
        java.util.function.Consumer<String> lap = laps(millis);
        boolean chained = previous != null && !fullRebuild
                && previous.files().stream().allMatch(f -> Files.isRegularFile(snapshots.localFile(f)));
        SqlScript.load("load/serving/deciles.sql").run(h, Map.of());
        lap.accept("deciles");
        boolean onlyMoved = false;
        if (chained) {
            List<String> files = previous.files().stream().map(f -> snapshots.localFile(f).toString()).toList();
            long withDecile = h.createQuery(SqlFiles.text("load/serving/decile_files.sql")).bind("files", json(files))
                    .mapTo(Long.class).one();
            SqlScript.load("load/serving/published_deciles.sql").run(h, Map.of("decile",
                    withDecile > 0 ? "monetary_decile" : "NULL::INTEGER"), Map.of("files", json(files)));
            lap.accept("chain");
            Instant since = publishedByPreviousLoad(h, previous, loadId);
            if (since != null && since.atZone(ZoneOffset.UTC).toLocalDate().equals(asOf.atZone(ZoneOffset.UTC).toLocalDate())) {
                // only the profiles whose row may have changed since the chain's as_of are assembled (moved.sql)
                SqlScript.load("load/serving/moved.sql").run(h, windows(settings), Map.of("since", Timestamp.from(since)));
                onlyMoved = true;
                lap.accept("moved");
            }
        } else {
            SqlScript.load("load/serving/nothing_published.sql").run(h, Map.of());
        }
        return new Chain(previous, chained, onlyMoved, millis);
    }

    /** Writes this load's file (a base, a delta, or none when nothing changed); runs after the segments. */
    Pending write(Handle h, Chain chain, long loadId, Instant asOf, LoadSettings settings) {
        ProfileSnapshots.Pointer previous = chain.previous();
        boolean chained = chain.chained();
        boolean onlyCandidates = chain.onlyMoved();
        Map<String, Long> millis = new java.util.LinkedHashMap<>(chain.millis());
        java.util.function.Consumer<String> lap = laps(millis);
        if (onlyCandidates) {
            SqlScript.load("load/serving/candidates.sql").run(h, Map.of());
            if (h.createQuery(SqlFiles.text("load/serving/added.sql")).mapTo(Long.class).one() > 0) {
                SqlScript.load("load/serving/candidates_added.sql").run(h, windows(settings));
            }
            lap.accept("candidates");
        }
        long assembled = assemble(h, onlyCandidates);
        lap.accept("assemble");
        SqlScript.load("load/serving/changes.sql").run(h, Map.of());
        Map<String, Object> sizes = h.createQuery(SqlFiles.text("load/serving/sizes.sql")).mapToMap().one();
        long profiles = ((Number) sizes.get("profiles")).longValue();
        long deltaRows = ((Number) sizes.get("delta_rows")).longValue();
        lap.accept("compare");
        try {
            Files.createDirectories(snapshots.localDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + snapshots.localDir() + ": " + e.getMessage(), e);
        }
        String stamp = loadId + "-" + STAMP.format(asOf);
        String asOfText = asOf.toString();
        if (!chained || previous.deltas().size() >= MAX_DELTAS
                || previous.deltaRows() + deltaRows > settings.servingRebaseShare() * Math.max(profiles, 1)) {
            String base = "base-" + stamp + ".parquet";
            if (onlyCandidates) {
                assembled += assemble(h, false); // a base holds every profile
                lap.accept("assemble");
            }
            SqlScript.load("load/serving/everything_changed.sql").run(h, Map.of());
            json(h);
            lap.accept("json");
            copy(h, "load/serving/write_base.sql", base);
            lap.accept("write");
            return new Pending(new ProfileSnapshots.Pointer(loadId, asOfText, profiles,
                    new ProfileSnapshots.Part(base, profiles), List.of()), previous, profiles, assembled, millis);
        }
        List<ProfileSnapshots.Part> deltas = new ArrayList<>(previous.deltas());
        if (deltaRows > 0) {
            String delta = "delta-" + stamp + ".parquet";
            json(h);
            lap.accept("json");
            copy(h, "load/serving/write_delta.sql", delta);
            lap.accept("write");
            deltas.add(new ProfileSnapshots.Part(delta, deltaRows));
        }
        return new Pending(new ProfileSnapshots.Pointer(loadId, asOfText, profiles, previous.base(), deltas), previous,
                deltaRows, assembled, millis);
    }

    /**
     * Every profile's row of the snapshot, written to {@code file} as a base, by the SQL a load writes a base with
     * (deciles, assembly, JSON, write): for the load benchmark's reference, which publishes the same snapshot.
     */
    public static void writeBase(Handle h, java.nio.file.Path file) {
        SqlScript.load("load/serving/deciles.sql").run(h, Map.of());
        assemble(h, false);
        SqlScript.load("load/serving/everything_changed.sql").run(h, Map.of());
        json(h);
        SqlScript.load("load/serving/write_base.sql").run(h, Map.of(), Map.of("file", file.toString()));
    }

    /**
     * The chain's as_of when the previous load of this warehouse published it (its load id the one before, its as_of
     * the one that load recorded), so that what this load touched and what moved since that as_of is all that can
     * differ from it; null otherwise (a load that committed but crashed before publishing, another warehouse's
     * chain): every row is then assembled and compared.
     */
    private static Instant publishedByPreviousLoad(Handle h, ProfileSnapshots.Pointer previous, long loadId) {
        if (previous.loadId() != loadId - 1 || previous.asOf() == null) {
            return null;
        }
        Instant published;
        try {
            published = Instant.parse(previous.asOf());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
        Instant recorded = h.createQuery(SqlFiles.text("load/serving/previous_load.sql")).bind("loadId", previous.loadId())
                .mapTo(Instant.class).findOne().orElse(null);
        return published.equals(recorded) ? published : null;
    }

    /** serving_profiles and serving_hashes: every profile, or only the candidates (serving_keys). */
    private static long assemble(Handle h, boolean onlyCandidates) {
        SqlScript.load("load/serving/profiles.sql").run(h, onlyCandidates
                ? Map.of("only", "SEMI JOIN serving_keys USING (customer_key)",
                         "features", "profile_features_of(getvariable('as_of'), 'serving_rows', 'serving_events',"
                                 + " 'serving_email_events')")
                : Map.of("only", "", "features", "profile_features_at(getvariable('as_of'))"));
        return h.createQuery(SqlFiles.text("load/serving/assembled.sql")).mapTo(Long.class).one();
    }

    /** A lap timer adding each step's milliseconds since the last lap into {@code millis}. */
    private static java.util.function.Consumer<String> laps(Map<String, Long> millis) {
        long[] t = {System.nanoTime()};
        return step -> {
            long now = System.nanoTime();
            millis.merge(step, (now - t[0]) / 1_000_000, Long::sum);
            t[0] = now;
        };
    }

    private static Map<String, String> windows(LoadSettings settings) {
        return Map.of("view_window_days", Long.toString(settings.viewWindow().toDays()),
                "cart_abandon_after_minutes", Long.toString(settings.cartAbandonAfter().toMinutes()));
    }

    /** The rows to write as JSON: the profile, and the template context by the render's expression. */
    private static void json(Handle h) {
        SqlScript.load("load/serving/json.sql").run(h, Map.of("template_context", templateContext()));
    }

    /** The render's template-context expression (sql/render/template_context.sql), shared with the snapshot. */
    static String templateContext() {
        return SqlScript.load("render/template_context.sql").statements(Map.of()).get(0);
    }

    private void copy(Handle h, String script, String file) {
        SqlScript.load(script).run(h, Map.of(), Map.of("file", snapshots.localFile(file).toString()));
    }

    private static String json(List<String> files) {
        try {
            return JSON.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
