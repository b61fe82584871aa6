package io.sendtime.extract;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

import io.sendtime.jobs.JobRuns;

/**
 * Two extracts of the same entity at once would race for its watermark and boundary, so they take turns: the
 * second one waits (up to the request's {@code --wait}) for the one that holds the entity, then is refused with
 * that execution. {@link ExtractService} waits before it starts the job; two processes that start at the same
 * moment can both find nothing running there, so each extract job also waits, before its first step, for the
 * running extracts of the same entities registered before it (lower execution ids). The later one then decides
 * its window from the watermark the earlier one committed.
 */
@Component
public class ExtractTurns implements JobExecutionListener {

    /** Non-identifying job parameter: how long to wait for other extracts of the same entities (a Duration). */
    static final String WAIT = "waitForOthers";

    private static final Logger log = LoggerFactory.getLogger(ExtractTurns.class);

    // the job repository, not JobRuns: that needs the job operator, whose registry needs the extract job, which
    // needs this listener
    private final JobRepository jobRepository;

    public ExtractTurns(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /**
     * Before the job starts: waits up to {@code wait} while an extract of the same entities runs that is not an
     * execution of {@code sameInstance} (restarting that one is the restart logic's business).
     */
    void waitBeforeStart(ExtractParameters plan, JobExecution sameInstance, Duration wait) {
        waitWhileAhead(plan.source(), plan.entities(), wait, running -> sameInstance == null
                || running.getJobInstanceId() != sameInstance.getJobInstanceId());
    }

    /** Once registered: waits while an extract of the same entities registered earlier runs. */
    @Override
    public void beforeJob(JobExecution execution) {
        var parameters = execution.getJobParameters();
        waitWhileAhead(parameters.getString("source"), List.of(parameters.getString("entities").split(",")),
                Duration.parse(parameters.getString(WAIT, Duration.ZERO.toString())),
                running -> running.getId() < execution.getId() && running.getJobInstanceId() != execution.getJobInstanceId());
    }

    private void waitWhileAhead(String source, List<String> entities, Duration wait, Predicate<JobExecution> ahead) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JobExecution holder = JobRuns.running(jobRepository, ExtractJobConfiguration.JOB_NAME).stream()
                    .filter(running -> source.equals(running.getJobParameters().getString("source"))
                            && Arrays.stream(running.getJobParameters().getString("entities", "").split(","))
                            .anyMatch(entities::contains))
                    .filter(ahead).findFirst().orElse(null);
            if (holder == null) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("extract execution " + holder.getId() + " of " + source
                        + " is still running; wait for it, or `sendtime jobs stop " + holder.getId() + "`");
            }
            log.info("{}: another extract of the same entities is running; waiting for it", source);
            try {
                Thread.sleep(Math.min(2_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for extract execution " + holder.getId(), e);
            }
        }
    }
}
