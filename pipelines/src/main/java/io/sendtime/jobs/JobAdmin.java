package io.sendtime.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

import io.sendtime.extract.ExtractJobConfiguration;
import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.extract.ProcessOwner;

/** Looks after job executions in the job repository: list, show, restart, stop, abandon. */
@Service
public class JobAdmin {

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final ExtractService extract;

    public JobAdmin(JobRepository jobRepository, JobOperator jobOperator, ExtractService extract) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.extract = extract;
    }

    /** The most recent executions of every job, newest first. */
    public List<JobExecution> recent(int limit) {
        List<JobExecution> out = new ArrayList<>();
        for (String job : jobRepository.getJobNames()) {
            for (JobInstance instance : jobRepository.getJobInstances(job, 0, limit)) {
                out.addAll(jobRepository.getJobExecutions(instance));
            }
        }
        out.sort(Comparator.comparing(JobExecution::getId).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    public JobExecution execution(long id) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(id);
        } catch (org.springframework.dao.EmptyResultDataAccessException missing) {
            execution = null;
        }
        if (execution == null) {
            throw new IllegalArgumentException("no job execution " + id + " (see: sendtime jobs list)");
        }
        return execution;
    }

    /**
     * The reason a step failed, from the exit description the job repository keeps: sendtime's own
     * one-line message when there is one, else the first line.
     */
    public static String failureOf(org.springframework.batch.core.ExitStatus status) {
        String description = status.getExitDescription();
        if (description == null || description.isBlank()) {
            return null;
        }
        var own = java.util.regex.Pattern.compile("io\\.sendtime\\.[\\w.$]+Exception: (.*)").matcher(description);
        return own.find() ? own.group(1) : description.lines().findFirst().orElse(description);
    }

    public List<StepExecution> steps(JobExecution execution) {
        return execution.getStepExecutions().stream().sorted(Comparator.comparing(StepExecution::getId)).toList();
    }

    /**
     * Resumes a failed or stopped execution from its last committed chunk. An execution still marked
     * running is only resumed when its process is gone (killed), or when {@code force} says it is.
     */
    public ExtractSummary restart(long id, boolean force) {
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
        if (io.sendtime.transform.TransformJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
            // the transform service resumes its unfinished run before taking new input
            throw new IllegalArgumentException("a transform resumes itself: run 'sendtime run transform'");
        }
        if (!ExtractJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
            throw new IllegalArgumentException("don't know how to restart job " + execution.getJobInstance().getJobName());
        }
        return extract.restart(execution);
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
