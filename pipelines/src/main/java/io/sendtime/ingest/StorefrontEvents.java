package io.sendtime.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.sendtime.model.StorefrontEventTypes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request of storefront events ({@code POST /v1/events}): a JSON array of events, each
 * {@code {"id", "type", "customer_id" | "anonymous_id", "occurred_at", "properties"}}, checked whole. The rule:
 * a request is accepted only if every event in it is well-formed; one bad event refuses the request (400, every
 * problem named with its position, the request quarantined with them), so a sender never has to work out which of
 * its events were kept. Types: {@link #TYPES}; product events name {@code properties.product_id}, a search its
 * {@code properties.query}; an event time more than five minutes ahead of the receiver's clock is refused.
 */
public final class StorefrontEvents {

    public static final Set<String> TYPES = StorefrontEventTypes.ALL;
    private static final Set<String> PRODUCT_EVENTS = StorefrontEventTypes.PRODUCT_EVENTS;
    /** The most events one request may carry. */
    public static final int MAX_EVENTS = 1_000;
    private static final int MAX_ID = 200;
    private static final Duration AHEAD = Duration.ofMinutes(5);

    /** One event as received (its JSON, to keep) with what the receiver reads from it. */
    public record Event(String id, String type, Long customerId, String anonymousId, Instant occurredAt, ObjectNode json) {}

    /** A request's events, or what is wrong with them (then no event is kept). */
    public record Parsed(List<Event> events, List<String> problems) {
        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    private StorefrontEvents() {
    }

    public static Parsed parse(byte[] body, Clock clock) {
        EventArrays.Read read = EventArrays.read(body, MAX_EVENTS);
        if (read.problem() != null) {
            return refused(read.problem());
        }
        JsonNode root = read.array();
        List<Event> events = new ArrayList<>(root.size());
        List<String> problems = new ArrayList<>();
        Instant latest = clock.instant().plus(AHEAD);
        Instant[] occurred = new Instant[1];
        for (int i = 0; i < root.size(); i++) {
            String problem = problem(root.get(i), latest, occurred);
            if (problem != null) {
                problems.add("event " + i + ": " + problem);
                continue;
            }
            ObjectNode e = (ObjectNode) root.get(i);
            events.add(new Event(e.get("id").textValue(), e.get("type").textValue(),
                    e.hasNonNull("customer_id") ? e.get("customer_id").longValue() : null,
                    e.hasNonNull("anonymous_id") ? e.get("anonymous_id").textValue() : null,
                    occurred[0], e));
        }
        return problems.isEmpty() ? new Parsed(List.copyOf(events), List.of()) : new Parsed(List.of(), List.copyOf(problems));
    }

    /** What is wrong with one event, or null. */
    private static String problem(JsonNode e, Instant latest, Instant[] occurredAt) {
        if (!e.isObject()) {
            return "not a JSON object";
        }
        JsonNode id = e.get("id");
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
            return "no id (a string that names the event; a retry sends the same)";
        }
        if (id.textValue().length() > MAX_ID) {
            return "an id of " + id.textValue().length() + " characters: at most " + MAX_ID;
        }
        JsonNode type = e.get("type");
        if (type == null || !type.isTextual() || !TYPES.contains(type.textValue())) {
            return "unknown type" + (type != null && type.isTextual() ? " '" + abbreviate(type.textValue()) + "'" : "")
                    + " (one of " + String.join(", ", new java.util.TreeSet<>(TYPES)) + ")";
        }
        JsonNode customer = e.get("customer_id");
        JsonNode anonymous = e.get("anonymous_id");
        boolean hasCustomer = customer != null && !customer.isNull();
        boolean hasAnonymous = anonymous != null && !anonymous.isNull();
        if (hasCustomer && !(customer.isIntegralNumber() && customer.canConvertToLong())) {
            return "customer_id is not an integer";
        }
        if (hasAnonymous && (!anonymous.isTextual() || anonymous.textValue().isBlank())) {
            return "anonymous_id is not a string";
        }
        if (!hasCustomer && !hasAnonymous) {
            return "neither customer_id nor anonymous_id";
        }
        JsonNode at = e.get("occurred_at");
        if (at == null || !at.isTextual()) {
            return "no occurred_at (ISO-8601 with an offset)";
        }
        Instant occurred;
        try {
            occurred = EventTimes.parse(at.textValue());
        } catch (DateTimeParseException ex) {
            return "occurred_at '" + abbreviate(at.textValue()) + "' is not ISO-8601 with an offset";
        }
        occurredAt[0] = occurred;
        if (occurred.isAfter(latest)) {
            return "occurred_at is more than " + AHEAD.toMinutes() + " minutes in the future";
        }
        JsonNode properties = e.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            return "properties is not a JSON object";
        }
        if (PRODUCT_EVENTS.contains(type.textValue())
                && (properties == null || !properties.path("product_id").isIntegralNumber())) {
            return type.textValue() + " without properties.product_id (an integer)";
        }
        if (type.textValue().equals("searched") && (properties == null || !properties.path("query").isTextual())) {
            return "searched without properties.query";
        }
        return null;
    }

    private static Parsed refused(String problem) {
        return new Parsed(List.of(), List.of(problem));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
