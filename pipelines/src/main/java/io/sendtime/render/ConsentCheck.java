package io.sendtime.render;

import java.time.Instant;

/**
 * How a send's consent was decided, for its summary and its export.
 *
 * @param refreshed what the sources said just before the render (nothing when the last load's consent stands)
 * @param source    {@code sources}: refreshed just now; {@code load}: the last load's (the refresh failed and
 *                  {@code --allow-stale-consent} allowed it, or no refresh is configured)
 * @param checkedAt when the consent the recipients were rendered under was taken from the sources
 * @param note      why the last load's consent stands, or null
 */
record ConsentCheck(ConsentRefresh.Refreshed refreshed, String source, Instant checkedAt, String note) {

    static ConsentCheck fromSources(ConsentRefresh.Refreshed refreshed) {
        return new ConsentCheck(refreshed, "sources", refreshed.checkedAt(), null);
    }

    static ConsentCheck fromLoad(Instant loadAsOf, String note) {
        return new ConsentCheck(ConsentRefresh.Refreshed.none(loadAsOf), "load", loadAsOf, note);
    }
}
