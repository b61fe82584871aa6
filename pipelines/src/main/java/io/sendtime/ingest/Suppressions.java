package io.sendtime.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sendtime.privacy.SuppressionList;

/**
 * Puts the addresses of suppressing email events (hard bounces, invalid addresses, spam reports, unsubscribes,
 * group unsubscribes from marketing email) on the suppression list, so that the next render leaves them out without
 * waiting for a load. Idempotent (an address already listed keeps its first reason): the receiver applies it as soon as
 * the events are durable, again for a retried request, and the committer once more before it deletes the log's
 * segments, so a crash between the log and the list loses no suppression.
 */
class Suppressions {

    private final SuppressionList list;
    private final Map<String, EspMapping> providers;

    Suppressions(SuppressionList list, Map<String, EspMapping> providers) {
        this.list = list;
        this.providers = providers;
    }

    /** Applies the suppressing events among these; returns how many addresses were new on the list. */
    int apply(List<LoggedEvent> events, Instant at) {
        Map<String, List<SuppressionList.Entry>> byProvider = new java.util.LinkedHashMap<>();
        for (LoggedEvent e : events) {
            if (!e.entity().equals(LoggedEvent.EMAIL_EVENTS)) {
                continue;
            }
            String provider = e.text("provider");
            EspMapping mapping = providers.get(provider);
            String kind = e.text("kind");
            Long group = (Long) e.record().get("group_id");
            // a provider no longer configured: its suppressing kinds still suppress (fail closed)
            boolean suppresses = mapping != null ? mapping.suppresses(kind, group) : EspMapping.SUPPRESSING.contains(kind);
            if (suppresses) {
                byProvider.computeIfAbsent(provider, p -> new ArrayList<>())
                        .add(new SuppressionList.Entry(e.text("email"), kind));
            }
        }
        int added = 0;
        for (var entries : byProvider.entrySet()) {
            added += list.suppress(entries.getValue(), entries.getKey(), at);
        }
        return added;
    }
}
