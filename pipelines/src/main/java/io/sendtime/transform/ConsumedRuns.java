package io.sendtime.transform;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

import io.sendtime.extract.Watermarks;

/**
 * Which committed extract runs transforms have consumed ({@code sendtime_transform_consumed}).
 * Recorded in the transaction of the transform's commit step, so a raw run is curated exactly once.
 */
@Component
public class ConsumedRuns {

    private final JdbcTemplate jdbc;

    /** Depends on {@link Watermarks}, which creates sendtime's job-repository tables. */
    public ConsumedRuns(DataSource dataSource, Watermarks tablesCreated) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** {@link RawRun#toString()} of every consumed run. */
    public Set<String> all() {
        Set<String> runs = new HashSet<>();
        jdbc.query("SELECT source, run_id FROM sendtime_transform_consumed", rs -> {
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
            List<String> by = jdbc.queryForList("SELECT transform_run_id FROM sendtime_transform_consumed"
                    + " WHERE source = ? AND run_id = ?", String.class, run.source(), run.runId());
            if (!by.isEmpty() && !by.get(0).equals(transformRunId)) {
                throw new IllegalStateException("extract run " + run + " was already consumed by transform "
                        + by.get(0) + "; this transform cannot commit");
            }
            if (by.isEmpty()) {
                jdbc.update("INSERT INTO sendtime_transform_consumed (source, run_id, transform_run_id, committed_at)"
                        + " VALUES (?, ?, ?, ?)", run.source(), run.runId(), transformRunId, at.toString());
            }
        }
    }
}
