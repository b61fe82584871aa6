package io.sendtime.render;

import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A send fails loudly instead of going out to a fraction of its audience: when more of its eligible recipients
 * were rejected than the campaign's {@code max_rejection_rate} (2% unless it says otherwise), or a token fell
 * back for more of its rendered recipients than that token's {@code max_fallback_rate}. Checked before anything
 * is written, so the send's previous render stays published.
 */
final class SendLimits {

    /** A send past its limits: one line saying which and by how much. */
    static final class Exceeded extends IllegalStateException {
        Exceeded(String message) {
            super(message);
        }
    }

    private SendLimits() {}

    static void check(Campaign campaign, String sendId, RenderCounts counts) {
        long rejected = counts.rejected.values().stream().mapToLong(Long::longValue).sum();
        long eligible = counts.rendered + rejected;
        if (eligible > 0 && rejected > campaign.rejectionLimit() * eligible) {
            throw new Exceeded(String.format("render %s send %s: %,d of %,d eligible recipients rejected (%s), over the"
                            + " campaign's max_rejection_rate of %s (%s); nothing was published, the previous render stays",
                    campaign.id(), sendId, rejected, eligible, percent((double) rejected / eligible),
                    percent(campaign.rejectionLimit()), top(counts.rejected)));
        }
        for (Campaign.Token token : campaign.tokens()) {
            long fellBack = counts.fallbacks.getOrDefault(token.name(), 0L);
            if (token.maxFallbackRate() != null && counts.rendered > 0
                    && fellBack > token.maxFallbackRate() * counts.rendered) {
                throw new Exceeded(String.format("render %s send %s: token %s fell back for %,d of %,d recipients (%s),"
                                + " over its max_fallback_rate of %s; nothing was published, the previous render stays",
                        campaign.id(), sendId, token.name(), fellBack, counts.rendered,
                        percent((double) fellBack / counts.rendered), percent(token.maxFallbackRate())));
            }
        }
    }

    private static String percent(double share) {
        return String.format("%.1f%%", share * 100);
    }

    /** The three most frequent reasons. */
    private static String top(Map<String, Long> reasons) {
        return reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(3).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
