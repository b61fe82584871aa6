package io.sendtime.transform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;

import io.sendtime.jobs.JobSummary;

/**
 * What {@link TransformService#run()} did: one entry per transform job it ran (a resumed unfinished
 * one first, then one per batch of pending extract runs); none when there was nothing new.
 *
 * @param pendingRuns extract runs still waiting after this call (non-zero only after a failure)
 */
public record TransformSummary(List<RunResult> runs, int pendingRuns, Duration took) implements JobSummary {

    /** One transform job execution. */
    public record RunResult(long executionId, String transformRunId, BatchStatus outcome, boolean resumed,
                            List<String> consumed, List<EntityResult> entities, String failure) {}

    /**
     * @param counts records handled by a documented rule (no_email, unknown_category, ...)
     */
    public record EntityResult(String entity, long read, long written, long superseded, long quarantined,
                               Map<String, Long> counts) {}

    public boolean nothingNew() {
        return runs.isEmpty();
    }

    @Override
    public boolean succeeded() {
        return runs.stream().allMatch(r -> r.outcome() == BatchStatus.COMPLETED);
    }

    @Override
    public String failure() {
        return runs.stream().filter(r -> r.failure() != null).map(RunResult::failure).findFirst().orElse(null);
    }

    /** Totals of one entity over all runs of this call. */
    public EntityResult total(String entity) {
        long read = 0, written = 0, superseded = 0, quarantined = 0;
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (RunResult run : runs) {
            for (EntityResult e : run.entities()) {
                if (e.entity().equals(entity)) {
                    read += e.read();
                    written += e.written();
                    superseded += e.superseded();
                    quarantined += e.quarantined();
                    e.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
                }
            }
        }
        return new EntityResult(entity, read, written, superseded, quarantined, counts);
    }
}
