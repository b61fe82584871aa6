package io.sendtime.extract;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;

/**
 * Per (source, entity) high watermarks and lookback boundaries, kept in the job-repository database
 * (sql/jobrepo/watermarks/) so they advance in the same transaction that marks the run's commit step complete.
 */
@Component
public class Watermarks {

    /** The committed position of one entity. */
    public record Watermark(String source, String entity, Instant highWatermark, String runId, Instant committedAt) {}

    private final NamedParameterJdbcTemplate jdbc;

    public Watermarks(NamedParameterJdbcTemplate jobRepositoryJdbc) {
        this.jdbc = jobRepositoryJdbc;
    }

    public Optional<Watermark> get(String source, String entity) {
        return jdbc.query(SqlFiles.text("jobrepo/watermarks/get.sql"), Map.of("source", source, "entity", entity),
                (rs, i) -> map(rs)).stream().findFirst();
    }

    public List<Watermark> all() {
        return jdbc.query(SqlFiles.text("jobrepo/watermarks/all.sql"), (rs, i) -> map(rs));
    }

    private static Watermark map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Watermark(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                Instant.parse(rs.getString(5)));
    }

    /** (id, updated_at micros) pairs of the last committed lookback band, as {@link #key} strings. */
    public Set<String> boundary(String source, String entity) {
        Set<String> keys = new HashSet<>();
        jdbc.query(SqlFiles.text("jobrepo/watermarks/boundary.sql"), Map.of("source", source, "entity", entity),
                rs -> {
                    keys.add(key(rs.getString(1), rs.getLong(2)));
                });
        return keys;
    }

    public static String key(String id, long updatedAtMicros) {
        return id + '\u0000' + updatedAtMicros;
    }

    /**
     * Moves the watermark to {@code to}, unless a later run already committed a higher watermark (a backfill of
     * an old interval never moves it back), and replaces the boundary: the band of the watermark that stays.
     * Call inside a transaction.
     *
     * @return whether the watermark moved
     */
    public boolean advance(String source, String entity, Instant to, String runId, Instant now,
                           Collection<String[]> boundaryIdAndMicros) {
        Optional<Watermark> current = get(source, entity);
        boolean moves = current.isEmpty() || !current.get().highWatermark().isAfter(to);
        Map<String, Object> key = Map.of("source", source, "entity", entity);
        if (moves) {
            jdbc.update(SqlFiles.text("jobrepo/watermarks/delete.sql"), key);
            jdbc.update(SqlFiles.text("jobrepo/watermarks/insert.sql"), new MapSqlParameterSource(key)
                    .addValue("highWatermark", to.toString()).addValue("runId", runId).addValue("committedAt", now.toString()));
        }
        jdbc.update(SqlFiles.text("jobrepo/watermarks/delete_boundary.sql"), key);
        jdbc.batchUpdate(SqlFiles.text("jobrepo/watermarks/insert_boundary.sql"), boundaryIdAndMicros.stream()
                .map(k -> new MapSqlParameterSource(key).addValue("recordId", k[0])
                        .addValue("sourceUpdatedAt", Long.parseLong(k[1])))
                .toArray(MapSqlParameterSource[]::new));
        return moves;
    }
}
