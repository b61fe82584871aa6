package io.sendtime.monitor;

import java.time.Instant;

/**
 * The last execution of a job, as the job repository has it.
 *
 * @param job         the job's name (extract, transform, load, render, erase)
 * @param source      the source an extract read; "" for the other jobs
 * @param campaign    the campaign a render rendered; "" for the other jobs
 * @param status      Spring Batch's status (COMPLETED, FAILED, STARTED, ...)
 * @param startedAt   null when it has not started
 * @param endedAt     null while it runs
 * @param read        records read, summed over its steps ({@link io.sendtime.jobs.StepCounters#READ})
 * @param written     records written
 * @param quarantined records rejected to quarantine
 */
public record LastRun(String job, String source, String campaign, String status, Instant startedAt, Instant endedAt,
                      long read, long written, long quarantined) {

    public boolean completed() {
        return "COMPLETED".equals(status);
    }
}
