package io.sendtime.load;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.load}: the windows of the time-relative features (sql/load/features.sql). What the
 * sources' records mean for consent is {@link io.sendtime.config.ConsentSettings}.
 *
 * @param cartAbandonAfter     how long a cart sits without a purchase before it counts as abandoned
 * @param viewWindow           how far back product views count for the top categories by views and browsing
 * @param servingRebaseShare   the published profiles snapshot (docs/load.md) gets a new base when its deltas would
 *                             hold more rows than this share of the profiles (0.2)
 */
@ConfigurationProperties("sendtime.load")
public record LoadSettings(Duration cartAbandonAfter, Duration viewWindow, Double servingRebaseShare) {

    public LoadSettings(Duration cartAbandonAfter, Duration viewWindow) {
        this(cartAbandonAfter, viewWindow, null);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public LoadSettings {
        servingRebaseShare = servingRebaseShare == null ? 0.2 : servingRebaseShare;
        if (!(servingRebaseShare > 0)) {
            throw new IllegalArgumentException("sendtime.load.serving-rebase-share must be above 0 (e.g. 0.2)");
        }
        cartAbandonAfter = cartAbandonAfter == null ? Duration.ofHours(4) : cartAbandonAfter;
        viewWindow = viewWindow == null ? Duration.ofDays(90) : viewWindow;
        if (cartAbandonAfter.isNegative() || cartAbandonAfter.toMinutes() < 1) {
            throw new IllegalArgumentException("sendtime.load.cart-abandon-after must be at least 1 minute");
        }
        if (viewWindow.toDays() < 1) {
            throw new IllegalArgumentException("sendtime.load.view-window must be at least 1 day");
        }
    }
}
