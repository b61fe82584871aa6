package io.sendtime.erase;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.sendtime.jobs.JobFailures;
import io.sendtime.jobs.JobRuns;
import io.sendtime.model.PersonIds;
import io.sendtime.privacy.ErasureLedger;

/**
 * {@code privacy erase}: finds everything that identifies the person asked for ({@link Erasure#resolve}), then
 * erases them as a run of the job {@code erase}, while no extract, transform, load or render runs (and none
 * of those starts while it does). Needs the privacy key: the ledger holds keyed hashes.
 */
@Service
public class EraseService {

    private final Erasure erasure;
    private final ErasureLedger ledger;
    private final PendingErasures pending;
    private final JobRuns jobRuns;
    private final Job eraseJob;

    public EraseService(Erasure erasure, ErasureLedger ledger, PendingErasures pending, JobRuns jobRuns,
                        @Qualifier("eraseJob") Job eraseJob) {
        this.erasure = erasure;
        this.ledger = ledger;
        this.pending = pending;
        this.jobRuns = jobRuns;
        this.eraseJob = eraseJob;
    }

    public EraseSummary run(EraseRequest request) {
        Instant started = Instant.now();
        String erasureId = ledger.erasureId(request.customer().strip().toLowerCase(java.util.Locale.ROOT));
        jobRuns.refuseWhileRunning(JobRuns.ERASE, "extract", "transform", "load", "render");
        PersonIds person = erasure.resolve(request);
        pending.put(erasureId, new PendingErasures.Pending(person, request.reason()));
        JobExecution execution = jobRuns.start(eraseJob, new JobParametersBuilder()
                .addString("erasure", erasureId).addString("requestedAt", started.toString()).toJobParameters());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException(JobFailures.of(execution));
        }
        Map<String, Long> removed = new LinkedHashMap<>();
        execution.getStepExecutions().forEach(step -> {
            Object r = step.getExecutionContext().get("removed");
            if (r instanceof Map<?, ?> m) {
                m.forEach((k, v) -> removed.put(k.toString(), ((Number) v).longValue()));
            }
        });
        return new EraseSummary(erasureId, execution.getId(), person.counts(), removed,
                Duration.between(started, Instant.now()));
    }
}
