package io.sendtime.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;

/** What the job repository says has run: reads only, for {@code jobs list/show} and {@code inspect runs}. */
public final class JobHistory {

    private final JobRepository jobRepository;

    public JobHistory(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
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

    /** @throws IllegalArgumentException when there is no such execution */
    public JobExecution execution(long id) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(id);
        } catch (EmptyResultDataAccessException missing) {
            execution = null;
        }
        if (execution == null) {
            throw new IllegalArgumentException("no job execution " + id + " (see: sendtime jobs list)");
        }
        return execution;
    }

    public List<StepExecution> steps(JobExecution execution) {
        return execution.getStepExecutions().stream().sorted(Comparator.comparing(StepExecution::getId)).toList();
    }
}
