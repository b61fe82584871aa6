package io.sendtime.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * load's transaction, every current profile as served ({@code serving_profiles}) is compared by a 64-bit hash with
 * what the published chain holds, and only the difference is made JSON and written, to a new delta file; a new base instead when there is no chain, on a
 * full rebuild, or when the chain grew past its limits. The caller makes it current ({@link ProfileSnapshots#publish})
 * once the warehouse committed. A load that crashes before that leaves the previous chain current, and the next load
 * compares with it again: nothing is lost and nothing is published twice.
 */
public final class ProfilePublication {

    /** A new base when the deltas would hold more rows than this share of the profiles. */
    static final double REBASE_SHARE = 0.2;
    /** A new base when the chain already has this many deltas (a day of hourly loads). */
    static final int MAX_DELTAS = 24;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** The pointer to publish after the commit, and the one it replaces (null: none). */
    public record Pending(ProfileSnapshots.Pointer next, ProfileSnapshots.Pointer previous, long rowsWritten) {}

    private final ProfileSnapshots snapshots;

    ProfilePublication(ProfileSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    /** Writes this load's file (a base, a delta, or none when nothing changed); runs after the segments. */
    Pending write(Handle h, long loadId, Instant asOf, boolean fullRebuild) {
        ProfileSnapshots.Pointer previous = snapshots.current();
        SqlScript.load("load/serving/profiles.sql").run(h, Map.of());
        boolean chained = previous != null && !fullRebuild
                && previous.files().stream().allMatch(f -> Files.isRegularFile(snapshots.localFile(f)));
        if (chained) {
            List<String> files = previous.files().stream().map(f -> snapshots.localFile(f).toString()).toList();
            SqlScript.load("load/serving/published.sql").run(h, Map.of(), Map.of("files", json(files)));
        } else {
            SqlScript.load("load/serving/nothing_published.sql").run(h, Map.of());
        }
        SqlScript.load("load/serving/changes.sql").run(h, Map.of());
        Map<String, Object> sizes = h.createQuery(SqlFiles.text("load/serving/sizes.sql")).mapToMap().one();
        long profiles = ((Number) sizes.get("profiles")).longValue();
        long deltaRows = ((Number) sizes.get("delta_rows")).longValue();
        try {
            Files.createDirectories(snapshots.localDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + snapshots.localDir() + ": " + e.getMessage(), e);
        }
        String stamp = loadId + "-" + STAMP.format(asOf);
        String asOfText = asOf.toString();
        if (!chained || previous.deltas().size() >= MAX_DELTAS
                || previous.deltaRows() + deltaRows > REBASE_SHARE * Math.max(profiles, 1)) {
            String base = "base-" + stamp + ".parquet";
            SqlScript.load("load/serving/everything_changed.sql").run(h, Map.of());
            json(h);
            copy(h, "load/serving/write_base.sql", base);
            return new Pending(new ProfileSnapshots.Pointer(loadId, asOfText, profiles,
                    new ProfileSnapshots.Part(base, profiles), List.of()), previous, profiles);
        }
        List<ProfileSnapshots.Part> deltas = new ArrayList<>(previous.deltas());
        if (deltaRows > 0) {
            String delta = "delta-" + stamp + ".parquet";
            json(h);
            copy(h, "load/serving/write_delta.sql", delta);
            deltas.add(new ProfileSnapshots.Part(delta, deltaRows));
        }
        return new Pending(new ProfileSnapshots.Pointer(loadId, asOfText, profiles, previous.base(), deltas), previous,
                deltaRows);
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
