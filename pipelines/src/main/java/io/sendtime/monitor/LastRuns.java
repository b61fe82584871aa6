package io.sendtime.monitor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.sendtime.config.SqlFiles;
import io.sendtime.jobs.StepCounters;

/**
 * The last execution of every job (per source for extracts, per campaign for renders) from the Spring Batch job
 * repository, with its steps' record counts: runs from the CLI, from Airflow and from any other process alike.
 */
final class LastRuns {

    private final NamedParameterJdbcTemplate jdbc;
    private final JobRepository jobRepository;

    LastRuns(NamedParameterJdbcTemplate jdbc, JobRepository jobRepository) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
    }

    List<LastRun> read() {
        List<LastRun> out = new ArrayList<>();
        jdbc.query(SqlFiles.text("monitor/last_executions.sql"), Map.of(), rs -> {
            JobExecution execution = jobRepository.getJobExecution(rs.getLong("execution_id"));
            if (execution != null) {
                out.add(lastRun(rs.getString("job"), rs.getString("source"), rs.getString("campaign"), execution));
            }
        });
        return out;
    }

    private static LastRun lastRun(String job, String source, String campaign, JobExecution execution) {
        long[] counts = new long[3];
        for (StepExecution step : execution.getStepExecutions()) {
            ExecutionContext context = step.getExecutionContext();
            counts[0] += count(context, StepCounters.READ);
            counts[1] += count(context, StepCounters.WRITTEN);
            counts[2] += count(context, StepCounters.QUARANTINED);
        }
        return new LastRun(job, source, campaign, execution.getStatus().name(), instant(execution.getStartTime()),
                instant(execution.getEndTime()), counts[0], counts[1], counts[2]);
    }

    private static long count(ExecutionContext context, String key) {
        return context.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** Spring Batch keeps local date-times of the process that wrote them: this server's zone, like the jobs'. */
    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
    }
}
