package io.sendtime.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.sendtime.jobs.JobSummary;

/**
 * What one load did.
 *
 * @param loadId    the load's id in {@code load_log} (0 when it failed: nothing was written)
 * @param fullRebuild whether everything was recomputed from the curated lake
 * @param asOf      the instant time-relative features and segments were computed at
 * @param manifests curated manifests (transform runs) loaded
 * @param counts    rows merged per table, profile versions, documented-rule counts, segment sizes
 * @param failure   one line when the load failed (the warehouse is then as before it), else null
 */
public record LoadSummary(long loadId, boolean fullRebuild, Instant asOf, int manifests, Map<String, Long> counts,
                          Duration duration, Path warehouse, String failure) implements JobSummary {

    @Override
    public boolean succeeded() {
        return failure == null;
    }

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
