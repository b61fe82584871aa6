package io.sendtime.jobs;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;

import io.sendtime.config.ErrorMessages;

/** Why a job execution failed, in one line, for summaries and {@code jobs show}. */
public final class JobFailures {

    private static final Pattern OWN = Pattern.compile("io\\.sendtime\\.[\\w.$]+Exception: (.*)");

    private JobFailures() {
    }

    /**
     * Null when the execution completed; else why, in one line: the first of its failures (the job's, then
     * its steps') that sendtime explained itself (a source, warehouse or template error naming what to
     * fix), else the first failure's root cause ({@link ErrorMessages#oneLine}).
     */
    public static String of(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return null;
        }
        List<Throwable> failures = execution.getAllFailureExceptions();
        return failures.stream().map(ErrorMessages::own).filter(Objects::nonNull).findFirst()
                .orElse(failures.isEmpty() ? execution.getJobInstance().getJobName() + " ended " + execution.getStatus()
                        : ErrorMessages.oneLine(failures.get(0)));
    }

    /**
     * The reason a step failed, from the exit description the job repository keeps (a stack trace as
     * text): sendtime's own one-line message when there is one, else the first line.
     */
    public static String of(ExitStatus status) {
        String description = status.getExitDescription();
        if (description == null || description.isBlank()) {
            return null;
        }
        Matcher own = OWN.matcher(description);
        return own.find() ? own.group(1) : ErrorMessages.firstLine(description);
    }
}
