package io.sendtime.jobs;

import org.springframework.batch.core.job.JobExecution;

/**
 * A stage's answer to {@code sendtime jobs restart N} for its job: a bean of this type registers it, so
 * {@link JobAdmin} dispatches without knowing any stage. A job without one cannot be restarted by id.
 */
public interface Restartable {

    /** The job this restarts (its Spring Batch name). */
    String jobName();

    /**
     * Resumes {@code execution} (failed, stopped, or orphaned by a killed process) from its last
     * committed chunk, or refuses with an {@link IllegalArgumentException} saying what to run instead.
     */
    JobSummary restart(JobExecution execution);
}
