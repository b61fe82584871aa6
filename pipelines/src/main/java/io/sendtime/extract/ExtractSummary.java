package io.sendtime.extract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.batch.core.BatchStatus;

import io.sendtime.jobs.JobSummary;

/**
 * What one extract run did, per entity; what the CLI prints and tests assert on.
 *
 * @param outcome         COMPLETED, FAILED, ... of this run; when {@code alreadyComplete}, the outcome and
 *                        counts of the earlier run that extracted the interval (nothing was read now)
 * @param failure   one line naming the source and what to fix, when it failed
 */
public record ExtractSummary(String source, long executionId, String runId, BatchStatus outcome, boolean alreadyComplete,
                             Duration took, List<EntityResult> entities, String failure) implements JobSummary {

    @Override
    public boolean succeeded() {
        return alreadyComplete || outcome == BatchStatus.COMPLETED;
    }

    public long written() {
        return entities.stream().mapToLong(EntityResult::written).sum();
    }

    /**
     * @param read             records received from the source
     * @param written          records committed to raw Parquet
     * @param quarantined      records rejected to quarantine
     * @param outsideWindow    records the source returned outside [from, to) (left to the next run)
     * @param alreadyExtracted lookback records the previous run already committed
     * @param erased           records of erased people the source still sent, dropped before anything was written
     * @param files            raw files committed
     * @param newFields        source fields the schema does not know yet (kept in _extra)
     * @param watermark        the entity's watermark after the run
     */
    public record EntityResult(String entity, Instant from, Instant to, long pages, long read, long written,
                               long quarantined, long outsideWindow, long alreadyExtracted, long erased, int files,
                               List<String> newFields, Instant watermark) {}
}
