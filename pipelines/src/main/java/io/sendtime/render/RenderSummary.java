package io.sendtime.render;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one render of a send did: the audience and who got no token set (by reason), token sets
 * rendered, rejected recipients (by reason), fallbacks per token, variants, the snapshot used and its
 * age, where the stock came from, and the export.
 */
public record RenderSummary(String campaignId, String sendId, Instant sendAt, long snapshotVersion,
                            Duration snapshotAge, boolean staleAllowed, long audience, long rendered,
                            Map<String, Long> excluded, Map<String, Long> rejected, Map<String, Long> fallbacks,
                            Map<String, Long> variants, String stockSource, Duration duration, Path export) {

    public double recipientsPerSecond() {
        return (rendered + rejected.values().stream().mapToLong(Long::longValue).sum())
                / Math.max(0.001, duration.toMillis() / 1000.0);
    }
}
