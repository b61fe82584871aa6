package io.sendtime.transform;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;

/**
 * Which committed extract runs transforms have consumed ({@code sendtime_transform_consumed}, SQL in
 * sql/jobrepo/transform/). Recorded in the transaction of the transform's commit step, so a raw run is
 * curated exactly once.
 */
@Component
public class ConsumedRuns {

    private final NamedParameterJdbcTemplate jdbc;

    public ConsumedRuns(NamedParameterJdbcTemplate jobRepositoryJdbc) {
        this.jdbc = jobRepositoryJdbc;
    }

    /** {@link RawRun#toString()} of every consumed run. */
    public Set<String> all() {
        Set<String> runs = new HashSet<>();
        jdbc.query(SqlFiles.text("jobrepo/transform/consumed.sql"), rs -> {
            runs.add(new RawRun(rs.getString(1), rs.getString(2)).toString());
        });
        return runs;
    }

    /**
     * Records {@code runs} as consumed by {@code transformRunId}; call inside a transaction.
     *
     * @throws IllegalStateException when another transform already consumed one of them
     */
    public void record(List<RawRun> runs, String transformRunId, Instant at) {
        for (RawRun run : runs) {
            Map<String, Object> key = Map.of("source", run.source(), "runId", run.runId());
            List<String> by = jdbc.queryForList(SqlFiles.text("jobrepo/transform/consumed_by.sql"), key, String.class);
            if (!by.isEmpty() && !by.get(0).equals(transformRunId)) {
                throw new IllegalStateException("extract run " + run + " was already consumed by transform "
                        + by.get(0) + "; this transform cannot commit");
            }
            if (by.isEmpty()) {
                jdbc.update(SqlFiles.text("jobrepo/transform/insert_consumed.sql"), Map.of("source", run.source(),
                        "runId", run.runId(), "transformRunId", transformRunId, "committedAt", at.toString()));
            }
        }
    }
}
