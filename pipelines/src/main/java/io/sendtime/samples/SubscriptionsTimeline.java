package io.sendtime.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * HubSpot's email subscriptions timeline ({@code GET /email/public/v1/subscriptions/timeline}, the one list of
 * subscription changes HubSpot has; documented among its legacy v1 APIs): {@code startTimestamp} and
 * {@code endTimestamp} in epoch milliseconds, both inclusive, {@code limit}, the opaque {@code offset} of the
 * previous answer, and {@code changeType}; an answer {@code {"hasMore", "offset", "timeline": [...]}} whose items
 * are one recipient's changes of one event ({@code timestamp}, {@code portalId}, {@code recipient},
 * {@code changes: [{change, changeType, subscriptionId, source, causedByEvent: {id, created}}]}). Like HubSpot,
 * the answer carries an {@code offset} on its last page too: {@code hasMore} says whether to follow it.
 *
 * <p>The items are the sample CRM's subscription statuses, one change each ({@code SUBSCRIPTION_STATUS}, or the
 * {@code changeType} a status injected by a test names, such as a bounce); a status
 * of a contact without an address has no recipient and is not listed, as at HubSpot. Simplifications: items come
 * oldest first (HubSpot lists newest first; a client pages by {@code offset} either way), and the sample's
 * subscription type ids and sources are its own words ({@code marketing_email}, {@code preference_center}).
 */
final class SubscriptionsTimeline {

    static final String PATH = "/email/public/v1/subscriptions/timeline";
    static final int MAX_LIMIT = 1_000;
    static final long PORTAL_ID = 62_515;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SampleStore store;

    SubscriptionsTimeline(SampleStore store) {
        this.store = store;
    }

    /** The answer to one request's query parameters. @throws IllegalArgumentException a 400's message */
    byte[] page(Map<String, String> query) throws IOException {
        int limit = SampleApis.limit(query.get("limit"), 10, MAX_LIMIT);
        PageToken from;
        if (query.containsKey("offset")) {
            from = PageToken.decode(query.get("offset"), Entity.SUBSCRIPTIONS);
        } else {
            long lo = query.containsKey("startTimestamp") ? millis(query.get("startTimestamp"), "startTimestamp") * 1_000
                    : Long.MIN_VALUE;
            long hi = query.containsKey("endTimestamp") ? (millis(query.get("endTimestamp"), "endTimestamp") + 1) * 1_000
                    : Long.MAX_VALUE;
            from = new PageToken(Entity.SUBSCRIPTIONS, null, lo, hi);
        }
        String changeType = query.get("changeType");
        ByteArrayOutputStream raw = new ByteArrayOutputStream(64 * 1024);
        Feed.PageResult page;
        try (JsonGenerator g = JSON.getFactory().createGenerator(raw, JsonEncoding.UTF8)) {
            g.writeStartArray();
            page = store.feed(Entity.SUBSCRIPTIONS).page(from.lo(), from.hi(), from.last(), limit, g);
            g.writeEndArray();
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("hasMore", page.more());
        if (page.last() != null) {
            answer.put("offset", new PageToken(Entity.SUBSCRIPTIONS, page.last(), from.lo(), from.hi()).encode());
        } else if (query.containsKey("offset")) {
            answer.put("offset", query.get("offset"));
        }
        ArrayNode timeline = answer.putArray("timeline");
        for (JsonNode status : JSON.readTree(raw.toByteArray())) {
            if (!status.hasNonNull("email")
                    || (changeType != null && !changeType.equals(status.path("changeType").asText("SUBSCRIPTION_STATUS")))) {
                continue;
            }
            timeline.add(item(status));
        }
        return JSON.writeValueAsBytes(answer);
    }

    /** A subscription status of the sample CRM as a timeline item of one change. */
    private static ObjectNode item(JsonNode status) {
        long updated = Timestamps.parse(status.path("updatedAt").asText(), true) / 1_000;
        long stated = status.hasNonNull("timestamp") ? Timestamps.parse(status.get("timestamp").asText(), true) / 1_000
                : updated;
        ObjectNode item = JSON.createObjectNode();
        item.put("timestamp", updated);
        item.put("portalId", PORTAL_ID);
        item.put("recipient", status.path("email").asText());
        ObjectNode change = item.putArray("changes").addObject();
        change.put("change", status.path("status").asText());
        change.put("source", status.path("source").asText(null));
        change.put("portalId", PORTAL_ID);
        // a status injected with a change type of its own (a test's bounce) is listed as that change
        String changeType = status.path("changeType").asText("SUBSCRIPTION_STATUS");
        if (changeType.equals("SUBSCRIPTION_STATUS")) {
            change.put("subscriptionId", status.path("subscriptionId").asText());
        }
        change.put("changeType", changeType);
        change.putObject("causedByEvent")
                .put("id", UUID.nameUUIDFromBytes((status.path("id").asText() + "@" + updated)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .put("created", stated);
        return item;
    }

    private static long millis(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be epoch milliseconds, was '" + value + "'");
        }
    }
}
