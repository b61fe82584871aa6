package io.sendtime.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.consent}: what the sources' records mean for consent, for the load (which builds the
 * consent history) and for the render (which refreshes it from the sources just before a send).
 *
 * @param subscriptionChannels per consent channel ({@code marketing_email}, {@code product_updates}), the
 *                             CRM subscription type ids that are statements about it (a real CRM's ids,
 *                             e.g. HubSpot's numeric ones); a type listed nowhere is a channel of its own,
 *                             never marketing email
 * @param refresh              per source, the entities whose records are consent statements, read again at
 *                             send time for every change since the warehouse's data (each needs a rule,
 *                             {@code sql/render/consent/<entity>.sql})
 * @param refreshTimeout       how long a send waits for that refresh before it is refused
 */
@ConfigurationProperties("sendtime.consent")
public record ConsentSettings(Map<String, List<String>> subscriptionChannels, Map<String, List<String>> refresh,
                              Duration refreshTimeout) {

    public ConsentSettings {
        subscriptionChannels = subscriptionChannels == null || subscriptionChannels.isEmpty()
                ? Map.of("marketing_email", List.of("marketing_email"), "product_updates", List.of("product_updates"))
                : Map.copyOf(subscriptionChannels);
        refresh = refresh == null ? Map.of("crm", List.of("subscriptions", "contacts"), "commerce", List.of("customers"))
                : Map.copyOf(refresh);
        refreshTimeout = refreshTimeout == null ? Duration.ofSeconds(30) : refreshTimeout;
        if (refreshTimeout.isNegative() || refreshTimeout.isZero()) {
            throw new IllegalArgumentException("sendtime.consent.refresh-timeout must be positive");
        }
        channelOf(subscriptionChannels);
    }

    /** The defaults: the presets' consent entities and subscription types. */
    public static ConsentSettings defaults() {
        return new ConsentSettings(null, null, null);
    }

    /** The channel each listed CRM subscription type is a statement about. */
    public Map<String, String> channelOfSubscription() {
        return channelOf(subscriptionChannels);
    }

    private static Map<String, String> channelOf(Map<String, List<String>> channels) {
        Map<String, String> channelOf = new LinkedHashMap<>();
        channels.forEach((channel, types) -> {
            if (channel.isBlank()) {
                throw new IllegalArgumentException("sendtime.consent.subscription-channels: a channel needs a name");
            }
            for (String type : types == null ? List.<String>of() : types) {
                String before = channelOf.put(type, channel);
                if (before != null && !before.equals(channel)) {
                    throw new IllegalArgumentException("sendtime.consent.subscription-channels: subscription type "
                            + type + " is listed under both " + before + " and " + channel);
                }
            }
        });
        return channelOf;
    }
}
