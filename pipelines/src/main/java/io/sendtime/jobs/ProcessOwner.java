package io.sendtime.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Records which process runs a job execution, so that an execution left "running" by a killed
 * process can be told apart from one that is really running, and recovered for restart.
 */
@Component
public class ProcessOwner implements JobExecutionListener {

    static final String HOST = "owner.host";
    static final String PID = "owner.pid";

    private final JobRepository jobRepository;

    public ProcessOwner(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        execution.getExecutionContext().putString(HOST, hostName());
        execution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
        jobRepository.updateExecutionContext(execution);
    }

    /** True when the execution's process is known to be gone (same host, pid not alive). */
    public static boolean isOrphaned(JobExecution execution) {
        var ctx = execution.getExecutionContext();
        if (!ctx.containsKey(PID) || !hostName().equals(ctx.getString(HOST, ""))) {
            return false;
        }
        long pid = ctx.getLong(PID);
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    public static Optional<Long> pid(JobExecution execution) {
        var ctx = execution.getExecutionContext();
        return ctx.containsKey(PID) ? Optional.of(ctx.getLong(PID)) : Optional.empty();
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
