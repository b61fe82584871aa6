package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** A request of storefront events is accepted whole or refused whole, every problem named with its position. */
class StorefrontEventsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    private static StorefrontEvents.Parsed parse(String body) {
        return StorefrontEvents.parse(body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void wellFormedEventsAreReadWithTheirJsonKept() {
        StorefrontEvents.Parsed parsed = parse("""
                [{"id": "evt_1", "type": "product_viewed", "customer_id": 207119551,
                  "occurred_at": "2026-11-30T11:58:00+01:00", "properties": {"product_id": 632910392}},
                 {"id": "evt_2", "type": "searched", "anonymous_id": "anon-7f3a",
                  "occurred_at": "2026-11-30T11:59:30Z", "properties": {"query": "trail shoes"}},
                 {"id": "evt_3", "type": "checkout_started", "customer_id": 207119551, "anonymous_id": "anon-7f3a",
                  "occurred_at": "2026-11-30T12:04:59Z"}]""");
        assertThat(parsed.accepted()).isTrue();
        assertThat(parsed.events()).extracting(StorefrontEvents.Event::id).containsExactly("evt_1", "evt_2", "evt_3");
        assertThat(parsed.events().get(0).occurredAt()).isEqualTo(Instant.parse("2026-11-30T10:58:00Z"));
        assertThat(parsed.events().get(1).customerId()).isNull();
        assertThat(parsed.events().get(0).json().at("/properties/product_id").asLong()).isEqualTo(632910392L);
    }

    @Test
    void oneBadEventRefusesTheRequestAndEveryProblemIsNamed() {
        StorefrontEvents.Parsed parsed = parse("""
                [{"id": "evt_1", "type": "product_viewed", "customer_id": 1, "occurred_at": "2026-11-30T11:00:00Z",
                  "properties": {"product_id": 5}},
                 {"id": "evt_2", "type": "page_liked", "customer_id": 1, "occurred_at": "2026-11-30T11:00:00Z"},
                 {"id": "", "type": "searched", "customer_id": 1, "occurred_at": "2026-11-30T11:00:00Z"},
                 {"id": "evt_4", "type": "added_to_cart", "occurred_at": "2026-11-30T11:00:00Z"},
                 {"id": "evt_5", "type": "added_to_cart", "customer_id": "x", "occurred_at": "2026-11-30T11:00:00Z"},
                 {"id": "evt_6", "type": "searched", "customer_id": 1, "occurred_at": "yesterday"},
                 {"id": "evt_7", "type": "order_placed", "customer_id": 1, "occurred_at": "2026-11-30T12:06:00Z"},
                 {"id": "evt_8", "type": "removed_from_cart", "customer_id": 1, "occurred_at": "2026-11-30T11:00:00Z"},
                 "evt_9"]""");
        assertThat(parsed.accepted()).isFalse();
        assertThat(parsed.events()).as("nothing of a refused request is kept").isEmpty();
        assertThat(parsed.problems()).containsExactly(
                "event 1: unknown type 'page_liked' (one of added_to_cart, checkout_started, order_placed, "
                        + "product_viewed, removed_from_cart, searched)",
                "event 2: no id (a string that names the event; a retry sends the same)",
                "event 3: neither customer_id nor anonymous_id",
                "event 4: customer_id is not an integer",
                "event 5: occurred_at 'yesterday' is not ISO-8601 with an offset",
                "event 6: occurred_at is more than 5 minutes in the future",
                "event 7: removed_from_cart without properties.product_id (an integer)",
                "event 8: not a JSON object");
    }

    @Test
    void aBodyThatIsNoArrayOfEventsIsRefusedInOneLine() {
        assertThat(parse("{\"id\": \"evt_1\"}").problems()).containsExactly("the body must be a JSON array of events");
        assertThat(parse("[]").problems()).containsExactly("the array holds no event");
        assertThat(parse("[{\"id\": ").problems().get(0)).startsWith("the body is not JSON");
        assertThat(parse("[] []").problems().get(0)).startsWith("the body is not JSON");
        String many = "[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]";
        assertThat(parse(many).problems()).containsExactly("the array holds 1001 events: at most 1000 a request");
    }
}
