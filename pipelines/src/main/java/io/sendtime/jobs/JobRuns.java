package io.sendtime.jobs;

import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * How every sendtime job is started: a new instance, or the instance its identifying parameters name,
 * resumed where it stopped. An execution left "running" by a killed process ({@link ProcessOwner}) is
 * recovered (marked failed) before it is resumed; one really running elsewhere is refused in one line.
 */
@Component
public class JobRuns {

    /** What {@link #startOrResume} did: the execution, and whether its instance had already completed. */
    public record Outcome(JobExecution execution, boolean alreadyComplete) {}

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;

    public JobRuns(JobOperator jobOperator, JobRepository jobRepository) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
    }

    /** Starts a new instance of {@code job} (parameters that make it new, e.g. a request time). */
    public JobExecution start(Job job, JobParameters parameters) {
        try {
            return jobOperator.start(job, parameters);
        } catch (JobExecutionAlreadyRunningException | JobRestartException | JobInstanceAlreadyCompleteException
                 | InvalidJobParametersException e) {
            throw new IllegalStateException("cannot start " + job.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the instance of {@code job} that {@code parameters} identify: finds it completed, resumes it
     * after a failure, a stop or a kill, or starts it.
     *
     * @throws IllegalStateException when it is running in another live process
     */
    public Outcome startOrResume(Job job, JobParameters parameters) {
        JobExecution previous = jobRepository.getLastJobExecution(job.getName(), parameters);
        try {
            if (previous != null && previous.getStatus() == BatchStatus.COMPLETED) {
                return new Outcome(previous, true);
            }
            if (previous != null && previous.isRunning() && !ProcessOwner.isOrphaned(previous)) {
                throw alreadyRunning(previous);
            }
            return new Outcome(previous != null ? resume(previous) : jobOperator.start(job, parameters), false);
        } catch (JobInstanceAlreadyCompleteException e) {
            return new Outcome(jobRepository.getLastJobExecution(job.getName(), parameters), true);
        } catch (JobExecutionAlreadyRunningException e) {
            throw alreadyRunning(jobRepository.getLastJobExecution(job.getName(), parameters));
        } catch (JobRestartException | InvalidJobParametersException e) {
            throw new IllegalStateException("cannot start " + job.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resumes a failed, stopped or orphaned execution from its last committed chunk (an orphan is
     * recovered first).
     */
    public JobExecution resume(JobExecution execution) {
        try {
            return jobOperator.restart(execution.isRunning() ? jobOperator.recover(execution) : execution);
        } catch (JobRestartException e) {
            throw new IllegalStateException("cannot restart execution " + execution.getId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The last execution of {@code jobName} when it did not finish: failed, stopped, or left running by
     * a killed process; null when it completed or was abandoned.
     *
     * @throws IllegalStateException when it is running in another live process
     */
    public JobExecution unfinished(String jobName) {
        JobInstance last = jobRepository.getLastJobInstance(jobName);
        JobExecution execution = last == null ? null : jobRepository.getLastJobExecution(last);
        if (execution == null || execution.getStatus() == BatchStatus.COMPLETED
                || execution.getStatus() == BatchStatus.ABANDONED) {
            return null;
        }
        if (execution.isRunning() && !ProcessOwner.isOrphaned(execution)) {
            throw alreadyRunning(execution);
        }
        return execution;
    }

    /** The erasure job's name: the jobs that write the lake or the warehouse do not run while it does. */
    public static final String ERASE = "erase";

    /**
     * Refuses (one line) while an execution of any of {@code jobNames} runs in a live process.
     *
     * @throws IllegalStateException naming the execution to wait for
     */
    public void refuseWhileRunning(String... jobNames) {
        for (String jobName : jobNames) {
            List<JobExecution> running = running(jobName);
            if (!running.isEmpty()) {
                throw alreadyRunning(running.get(0));
            }
        }
    }

    /** Executions of {@code jobName} running in a live process (not orphans of killed ones). */
    public List<JobExecution> running(String jobName) {
        return running(jobRepository, jobName);
    }

    /** Like {@link #running(String)}, for a job's own listeners (which the job operator cannot wait for). */
    public static List<JobExecution> running(JobRepository jobRepository, String jobName) {
        return jobRepository.findRunningJobExecutions(jobName).stream().filter(e -> !ProcessOwner.isOrphaned(e)).toList();
    }

    private static IllegalStateException alreadyRunning(JobExecution execution) {
        if (execution == null) {
            return new IllegalStateException("the job is already running; wait for it or stop it");
        }
        return new IllegalStateException(execution.getJobInstance().getJobName() + " execution " + execution.getId()
                + " is already running; wait for it, or `sendtime jobs stop " + execution.getId() + "`");
    }
}
