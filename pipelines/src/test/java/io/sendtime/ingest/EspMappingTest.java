package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The declarative table: rules narrowed by a field, groups to channels, every problem named, bad tables refused. */
class EspMappingTest {

    private static final EspMapping SENDGRID = new EspMapping("sendgrid", new EspMapping.Provider("sendgrid",
            "KEY", null, List.of(
                    new EspMapping.Rule("open", null, null, "open"),
                    new EspMapping.Rule("bounce", "type", "blocked", "soft_bounce"),
                    new EspMapping.Rule("bounce", null, null, "hard_bounce"),
                    new EspMapping.Rule("group_unsubscribe", null, null, "group_unsubscribe")),
            Map.of("7", List.of("product_updates"), "8", List.of("marketing_email"))));

    @Test
    void mapsEventsByTheFirstRuleThatMatchesAndSuppressesOnlyWhatTakesAnAddressOff() {
        EspMapping.Parsed parsed = SENDGRID.parse(("[{\"sg_event_id\":\"a\",\"event\":\"bounce\",\"type\":\"blocked\","
                + "\"email\":\"x@example.com\",\"timestamp\":1764000000},"
                + "{\"sg_event_id\":\"b\",\"event\":\"bounce\",\"type\":\"bounce\",\"email\":\"x@example.com\",\"timestamp\":1764000000,\"status\":\"5.1.1\"},"
                + "{\"sg_event_id\":\"c\",\"event\":\"group_unsubscribe\",\"asm_group_id\":7,\"email\":\"x@example.com\",\"timestamp\":1764000000},"
                + "{\"sg_event_id\":\"d\",\"event\":\"group_unsubscribe\",\"asm_group_id\":\"8\",\"email\":\"x@example.com\",\"timestamp\":1764000000},"
                + "{\"sg_event_id\":\"e\",\"event\":\"group_unsubscribe\",\"asm_group_id\":9,\"email\":\"x@example.com\",\"timestamp\":1764000000,"
                + "\"sendtime_campaign\":\"win-back\",\"sendtime_customer\":\"k1\"}]").getBytes(), Instant.now());
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.events()).extracting(e -> e.id() + ":" + e.kind() + ":"
                + SENDGRID.suppresses(e.kind(), e.record().hasNonNull("group_id") ? e.record().get("group_id").longValue() : null)).containsExactly(
                "a:soft_bounce:false", "b:hard_bounce:true", "c:group_unsubscribe:false", "d:group_unsubscribe:true",
                "e:group_unsubscribe:true");
        assertThat(parsed.events().get(1).record().get("status").asText()).isEqualTo("5.1.1");
        assertThat(parsed.events().get(4).record().get("campaign").asText()).isEqualTo("win-back");
        assertThat(parsed.events().get(4).record().get("customer_key").asText()).isEqualTo("k1");
        assertThat(parsed.events().get(0).record().get("occurred_at").longValue()).isEqualTo(1_764_000_000_000_000L);
    }

    @Test
    void aRequestWithOneBadEventIsRefusedWholeWithEveryProblemNamed() {
        EspMapping.Parsed parsed = SENDGRID.parse(("[{\"sg_event_id\":\"a\",\"event\":\"open\",\"email\":\"x@example.com\",\"timestamp\":1764000000},"
                + "{\"sg_event_id\":\"b\",\"event\":\"machine_opened\",\"email\":\"x@example.com\",\"timestamp\":1764000000},"
                + "{\"event\":\"open\",\"email\":\"x@example.com\",\"timestamp\":1764000000},"
                + "{\"sg_event_id\":\"d\",\"event\":\"open\",\"timestamp\":1764000000},"
                + "{\"sg_event_id\":\"e\",\"event\":\"open\",\"email\":\"x@example.com\",\"timestamp\":\"yesterday\"},"
                + "{\"sg_event_id\":\"f\",\"event\":\"group_unsubscribe\",\"email\":\"x@example.com\",\"timestamp\":1764000000}]").getBytes(),
                Instant.now());
        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.problems()).containsExactly(
                "event 1: unknown event type 'machine_opened' (sendtime.serve.esp.sendgrid.rules names bounce, group_unsubscribe, open)",
                "event 2: no sg_event_id (the event's id)", "event 3: no email", "event 4: timestamp is not Unix seconds",
                "event 5: group_unsubscribe without asm_group_id");
        assertThat(SENDGRID.parse("{}".getBytes(), Instant.now()).problems()).containsExactly("the body must be a JSON array of events");
    }

    @Test
    void aTableNamingAKindSendtimeDoesNotKnowIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> new EspMapping("braze", new EspMapping.Provider("standard-webhooks", "K", null,
                List.of(new EspMapping.Rule("users.messages.email.Bounce", null, null, "bounced")), null)))
                .hasMessageStartingWith("sendtime.serve.esp.braze.rules[0].kind: one of click, deferred,");
        assertThatThrownBy(() -> new EspMapping("braze", new EspMapping.Provider(null, "K", null, List.of(), null)))
                .hasMessage("sendtime.serve.esp.braze.rules is empty: no event would be taken");
    }
}
