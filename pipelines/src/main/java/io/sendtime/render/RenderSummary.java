package io.sendtime.render;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one render of a send did: the audience and who got no token set (by reason), token sets
 * rendered, rejected recipients (by reason), fallbacks per token, variants, the snapshot used and its
 * age, where the stock came from, how consent was decided, money conversions, and the export; where the time
 * went step by step ({@code stepMillis}, in the order the steps ran; empty when read back from the warehouse).
 */
public record RenderSummary(String campaignId, String sendId, Instant sendAt, long snapshotVersion,
                            Duration snapshotAge, boolean staleAllowed, long audience, long rendered,
                            Map<String, Long> excluded, Map<String, Long> rejected, Map<String, Long> fallbacks,
                            Map<String, Long> variants, String stockSource, long stockSkipped, Duration duration,
                            Path export,
                            Consent consent, MoneyValues money, Map<String, Long> stepMillis) {

    /**
     * @param source     {@code sources} (refreshed just before the render) or {@code load} (the last load's)
     * @param checkedAt  when the consent used was taken from the sources
     * @param statements records the refresh read
     * @param note       why the last load's consent stands (the refresh failed, allowed by
     *                   {@code --allow-stale-consent}; or none is configured), else null
     */
    public record Consent(String source, Instant checkedAt, long statements, String note) {}

    /**
     * One currency per email: how many recipients had a money value converted by an exchange rate, and how many
     * had one left out for want of a rate; the date of the newest rate used (null: nothing converted).
     */
    public record MoneyValues(long convertedRecipients, long unconvertibleRecipients, java.time.LocalDate ratesDate) {}

    public double recipientsPerSecond() {
        return (rendered + rejected.values().stream().mapToLong(Long::longValue).sum())
                / Math.max(0.001, duration.toMillis() / 1000.0);
    }
}
