package io.sendtime.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.load}: the windows of the time-relative features (sql/load/features.sql) and what the
 * CRM's subscription types mean.
 *
 * @param cartAbandonAfter     how long a cart sits without a purchase before it counts as abandoned
 * @param viewWindow           how far back product views count for the top categories by views and browsing
 * @param subscriptionChannels per consent channel ({@code marketing_email}, {@code product_updates}), the
 *                             CRM subscription type ids that are statements about it (a real CRM's ids,
 *                             e.g. HubSpot's numeric ones); a type listed nowhere is a channel of its own,
 *                             never marketing email
 */
@ConfigurationProperties("sendtime.load")
public record LoadSettings(Duration cartAbandonAfter, Duration viewWindow, Map<String, List<String>> subscriptionChannels) {

    public LoadSettings {
        cartAbandonAfter = cartAbandonAfter == null ? Duration.ofHours(4) : cartAbandonAfter;
        viewWindow = viewWindow == null ? Duration.ofDays(90) : viewWindow;
        subscriptionChannels = subscriptionChannels == null || subscriptionChannels.isEmpty()
                ? Map.of("marketing_email", List.of("marketing_email"), "product_updates", List.of("product_updates"))
                : Map.copyOf(subscriptionChannels);
        if (cartAbandonAfter.isNegative() || cartAbandonAfter.toMinutes() < 1) {
            throw new IllegalArgumentException("sendtime.load.cart-abandon-after must be at least 1 minute");
        }
        if (viewWindow.toDays() < 1) {
            throw new IllegalArgumentException("sendtime.load.view-window must be at least 1 day");
        }
        channelOf(subscriptionChannels);
    }

    /** The channel each listed CRM subscription type is a statement about. */
    public Map<String, String> channelOfSubscription() {
        return channelOf(subscriptionChannels);
    }

    private static Map<String, String> channelOf(Map<String, List<String>> channels) {
        Map<String, String> channelOf = new LinkedHashMap<>();
        channels.forEach((channel, types) -> {
            if (channel.isBlank()) {
                throw new IllegalArgumentException("sendtime.load.subscription-channels: a channel needs a name");
            }
            for (String type : types == null ? List.<String>of() : types) {
                String before = channelOf.put(type, channel);
                if (before != null && !before.equals(channel)) {
                    throw new IllegalArgumentException("sendtime.load.subscription-channels: subscription type " + type
                            + " is listed under both " + before + " and " + channel);
                }
            }
        });
        return channelOf;
    }
}
