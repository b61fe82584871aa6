package io.sendtime.extract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Per (source, entity) high watermarks and lookback boundaries, kept in the job-repository database
 * so they advance in the same transaction that marks the run's commit step complete.
 */
@Component
public class Watermarks {

    /** The committed position of one entity. */
    public record Watermark(String source, String entity, Instant highWatermark, String runId, Instant committedAt) {}

    private final JdbcTemplate jdbc;

    public Watermarks(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        var populator = new ResourceDatabasePopulator(new ClassPathResource("sql/jobrepo/schema.sql"));
        populator.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
        populator.execute(dataSource);
    }

    public Optional<Watermark> get(String source, String entity) {
        return jdbc.query("SELECT source, entity, high_watermark, run_id, committed_at FROM sendtime_watermark"
                        + " WHERE source = ? AND entity = ?", (rs, i) -> map(rs), source, entity)
                .stream().findFirst();
    }

    public List<Watermark> all() {
        return jdbc.query("SELECT source, entity, high_watermark, run_id, committed_at FROM sendtime_watermark"
                + " ORDER BY source, entity", (rs, i) -> map(rs));
    }

    private static Watermark map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Watermark(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                Instant.parse(rs.getString(5)));
    }

    /** (id, updated_at micros) pairs of the last committed lookback band, as {@link #key} strings. */
    public Set<String> boundary(String source, String entity) {
        Set<String> keys = new HashSet<>();
        jdbc.query("SELECT record_id, source_updated_at FROM sendtime_extract_boundary WHERE source = ? AND entity = ?",
                rs -> {
                    keys.add(key(rs.getString(1), rs.getLong(2)));
                }, source, entity);
        return keys;
    }

    public static String key(String id, long updatedAtMicros) {
        return id + '\u0000' + updatedAtMicros;
    }

    /**
     * Moves the watermark to {@code to} and replaces the boundary, unless a later run already committed
     * a higher watermark (a backfill of an old interval never moves it back). Call inside a transaction.
     *
     * @return whether the watermark moved
     */
    public boolean advance(String source, String entity, Instant to, String runId, Instant now,
                           Collection<String[]> boundaryIdAndMicros) {
        Optional<Watermark> current = get(source, entity);
        if (current.isPresent() && current.get().highWatermark().isAfter(to)) {
            return false;
        }
        jdbc.update("DELETE FROM sendtime_watermark WHERE source = ? AND entity = ?", source, entity);
        jdbc.update("INSERT INTO sendtime_watermark (source, entity, high_watermark, run_id, committed_at)"
                + " VALUES (?, ?, ?, ?, ?)", source, entity, to.toString(), runId, now.toString());
        jdbc.update("DELETE FROM sendtime_extract_boundary WHERE source = ? AND entity = ?", source, entity);
        jdbc.batchUpdate("INSERT INTO sendtime_extract_boundary (source, entity, record_id, source_updated_at)"
                        + " VALUES (?, ?, ?, ?)",
                boundaryIdAndMicros.stream().map(k -> new Object[] {source, entity, k[0], Long.parseLong(k[1])}).toList());
        return true;
    }
}
