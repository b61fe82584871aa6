package io.sendtime.samples;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedApisTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aChurnedGeneratedFeedIsStillWalkedExactlyOnceInKeyOrder() {
        // given
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().clock(CLOCK)
                .dataset(Dataset.generated(11, 500)).rateLimit(RateLimit.GENEROUS).build())) {
            ApiClient client = new ApiClient(apis);
            List<Change> changes = apis.store().churn(Entity.CONTACTS, Churn.of(4, 30, 6).withTies(12)
                    .withLate(5, Duration.ofDays(400)));

            // when
            List<JsonNode> contacts = client.walkCrm("/crm/v3/objects/contacts?limit=33");
            List<JsonNode> events = client.walkCommerce("/sample-feed/storefront_events.json?limit=250",
                    "storefront_events");

            // then
            assertThat(changes).hasSize(57);
            assertThat(contacts).hasSize(504);
            assertThat(SampleApisTest.ids(contacts)).doesNotHaveDuplicates();
            List<SortKey> keys = contacts.stream().map(c -> new SortKey(
                    Timestamps.parse(c.get("updatedAt").asText(), false), c.get("id").asText())).toList();
            assertThat(keys).isSorted();
            assertThat(contacts.stream().filter(c -> c.get("archived").asBoolean()).count())
                    .isGreaterThanOrEqualTo(6);
            assertThat(events).hasSize(10_000);
        }
    }

    @Test
    void servesAMillionCustomersVirtuallyAndQuickly() {
        // given
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().clock(CLOCK)
                .dataset(Dataset.generated(1, 1_000_000)).rateLimit(RateLimit.GENEROUS).build())) {
            ApiClient client = new ApiClient(apis);
            String events = "/sample-feed/storefront_events.json?limit=250&created_at_min=2025-06-01T00:00:00Z";

            // when: 400 pages (100,000 events) from the middle of 20M
            client.commerce(events); // warm-up
            long t0 = System.nanoTime();
            String next = events;
            int records = 0;
            String lastCreated = null;
            for (int page = 0; page < 400; page++) {
                HttpResponse<String> r = client.commerce(next);
                JsonNode batch = ApiClient.json(r).get("storefront_events");
                records += batch.size();
                lastCreated = batch.get(batch.size() - 1).get("created_at").asText();
                String link = r.headers().firstValue("Link").orElseThrow();
                next = link.substring(1, link.indexOf('>'));
            }
            double perSecond = records / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("served %,d generated events at %,.0f records/s (client parsing included)%n", records, perSecond);

            // then
            assertThat(records).isEqualTo(100_000);
            assertThat(lastCreated).startsWith("2025-06-0");
            assertThat(perSecond).as("records per second over loopback").isGreaterThan(20_000);
            assertThat(apis.store().size(Entity.STOREFRONT_EVENTS)).isEqualTo(20_000_000L);
        }
    }
}
