package io.sendtime.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;


/**
 * Looks after job executions in the job repository: list, show, restart, stop, abandon. A restart goes to
 * the stage that registered its job ({@link Restartable}).
 */
@Service
public class JobAdmin {

    private final JobRepository jobRepository;
    private final JobHistory history;
    private final JobOperator jobOperator;
    private final Map<String, Restartable> restartable = new LinkedHashMap<>();

    public JobAdmin(JobRepository jobRepository, JobOperator jobOperator, List<Restartable> restartable) {
        this.jobRepository = jobRepository;
        this.history = new JobHistory(jobRepository);
        this.jobOperator = jobOperator;
        restartable.forEach(r -> this.restartable.put(r.jobName(), r));
    }

    /** The most recent executions of every job, newest first. */
    public List<JobExecution> recent(int limit) {
        return history.recent(limit);
    }

    public JobExecution execution(long id) {
        return history.execution(id);
    }

    public List<StepExecution> steps(JobExecution execution) {
        return history.steps(execution);
    }

    /**
     * Resumes a failed or stopped execution from its last committed chunk. An execution still marked
     * running is only resumed when its process is gone (killed), or when {@code force} says it is.
     */
    public JobSummary restart(long id, boolean force) {
        JobExecution execution = execution(id);
        if (execution.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED
                || execution.getStatus() == org.springframework.batch.core.BatchStatus.ABANDONED) {
            throw new IllegalArgumentException("execution " + id + " is " + execution.getStatus()
                    + "; there is nothing to restart (run the extract again, or with --full to re-extract)");
        }
        if (execution.getStatus().isRunning() && !force && !ProcessOwner.isOrphaned(execution)) {
            throw new IllegalStateException("execution " + id + " is still running"
                    + ProcessOwner.pid(execution).map(p -> " (pid " + p + ")").orElse("")
                    + "; stop it first, or pass --force if its process is gone");
        }
        JobExecution last = jobRepository.getLastJobExecution(execution.getJobInstance());
        if (last != null && last.getId() != execution.getId()) {
            throw new IllegalArgumentException("execution " + id + " is not the latest of its job instance;"
                    + " restart " + last.getId() + " instead");
        }
        Restartable job = restartable.get(execution.getJobInstance().getJobName());
        if (job == null) {
            throw new IllegalArgumentException("don't know how to restart job " + execution.getJobInstance().getJobName());
        }
        return job.restart(execution);
    }

    public void stop(long id) {
        try {
            jobOperator.stop(execution(id));
        } catch (JobExecutionNotRunningException e) {
            throw new IllegalStateException("execution " + id + " is not running");
        }
    }

    public JobExecution abandon(long id) {
        JobExecution execution = execution(id);
        if (execution.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
            throw new IllegalArgumentException("execution " + id + " completed; there is nothing to abandon");
        }
        if (execution.getStatus().isRunning() && ProcessOwner.isOrphaned(execution)) {
            execution = jobOperator.recover(execution); // its process is gone: it can be given up
        }
        try {
            return jobOperator.abandon(execution);
        } catch (org.springframework.batch.core.launch.JobExecutionAlreadyRunningException e) {
            throw new IllegalStateException("execution " + id + " is running; stop it first (sendtime jobs stop " + id + ")");
        }
    }
}
