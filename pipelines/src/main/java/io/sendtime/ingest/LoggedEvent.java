package io.sendtime.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One received event as the {@link EventLog} keeps it: the raw lake entity it goes to, its deduplication key
 * ({@code <sender>:<event id>}), and its record, with the columns of the entity's raw schema
 * ({@code schemas/raw/webhooks/}), times as epoch microseconds, plus what the schema has no column for as
 * {@code _extra}.
 */
public record LoggedEvent(String entity, String key, long receivedMicros, long occurredMicros, ObjectNode record) {

    public static final String STOREFRONT_EVENTS = "storefront_events";
    public static final String EMAIL_EVENTS = "email_events";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_PROPERTIES = Set.of("product_id", "variant_id", "query");

    public byte[] encode() {
        ObjectNode node = JSON.createObjectNode().put("entity", entity).put("key", key).put("received", receivedMicros)
                .put("occurred", occurredMicros);
        node.set("record", record);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoggedEvent decode(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return new LoggedEvent(node.get("entity").textValue(), node.get("key").textValue(),
                    node.get("received").longValue(), node.get("occurred").longValue(), (ObjectNode) node.get("record"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("an event log record that is not an event: " + e.getMessage(), e);
        }
    }

    /** A storefront event as received at {@code received}. */
    public static LoggedEvent of(StorefrontEvents.Event event, Instant received) {
        long receivedMicros = EspMapping.micros(received);
        long occurredMicros = EspMapping.micros(event.occurredAt());
        JsonNode properties = event.json().path("properties");
        ObjectNode record = JSON.createObjectNode()
                .put("id", event.id())
                .put("type", event.type())
                .put("customer_id", event.customerId())
                .put("session_id", event.anonymousId())
                .put("occurred_at", occurredMicros)
                .put("created_at", receivedMicros)
                .put("product_id", integer(properties.get("product_id")))
                .put("variant_id", integer(properties.get("variant_id")))
                .put("search_query", properties.path("query").isTextual() ? properties.get("query").textValue() : null);
        ObjectNode extra = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!KNOWN_PROPERTIES.contains(p.getKey())) {
                extra.set(p.getKey(), p.getValue());
            }
        }
        if (!extra.isEmpty()) {
            record.put("_extra", extra.toString());
        }
        return new LoggedEvent(STOREFRONT_EVENTS, "storefront:" + event.id(), receivedMicros, occurredMicros, record);
    }

    /** An email service's event, mapped. */
    public static LoggedEvent of(EspMapping.Mapped event, String provider) {
        return new LoggedEvent(EMAIL_EVENTS, provider + ":" + event.id(), event.record().get("received_at").longValue(),
                event.record().get("occurred_at").longValue(), event.record());
    }

    private static Long integer(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
    }
}
