package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.sendtime.lake.Lake;
import io.sendtime.lake.WebhookRuns;
import io.sendtime.samples.Churn;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/** The sample APIs, extracted, curated and loaded by a real app, with helpers to query the warehouse. */
final class LoadedSamples implements AutoCloseable {

    final SampleLake lake;

    LoadedSamples(Path dir) {
        this(dir, Map.of());
    }

    LoadedSamples(Path dir, Map<String, Object> properties) {
        this.lake = new SampleLake(dir, properties);
    }

    /** Extract both sources and curate them. */
    LoadedSamples curate() {
        lake.extractBoth();
        lake.transform();
        return this;
    }

    /**
     * A random change at the sources in every entity (creates, updates, deletes, records sharing a
     * timestamp, late updates inside the lookback), extracted and curated: one more transform run.
     */
    void churnAndCurate(Random random) {
        lake.apis.store().churnAll(Churn.of(random.nextInt(4), 1 + random.nextInt(6), random.nextInt(3))
                .withTies(random.nextInt(4))
                .withLate(random.nextInt(3), Duration.ofSeconds(1 + random.nextInt(60)))
                .withSeed(random.nextLong()));
        curate();
    }

    /**
     * A run of sendtime serve for the customers the warehouse has: email events of every kind by the export's key,
     * by address or for an unknown address, and storefront events of every type; ids drawn from a small range, so
     * an event is sometimes received again (a replay, or another version of it).
     */
    void receive(Random random) {
        List<Map<String, Object>> people = rows("SELECT customer_key, email, commerce_customer_id FROM profiles"
                + " ORDER BY customer_key");
        List<String> kinds = List.of("processed", "delivered", "deferred", "open", "click", "hard_bounce", "soft_bounce",
                "invalid", "spam_report", "unsubscribe", "group_unsubscribe");
        List<String> types = List.of("product_viewed", "added_to_cart", "removed_from_cart", "searched",
                "checkout_started", "order_placed");
        Instant now = Instant.now();
        List<Map<String, Object>> emails = new ArrayList<>();
        List<Map<String, Object>> storefront = new ArrayList<>();
        int events = 1 + random.nextInt(30);
        for (int i = 0; i < events; i++) {
            Map<String, Object> person = people.get(random.nextInt(people.size()));
            Instant at = now.minus(Duration.ofMinutes(random.nextInt(120 * 24 * 60)));
            int by = random.nextInt(3); // the export's key, the person's address, an address no one has
            String key = by == 0 ? (String) person.get("customer_key") : null;
            String address = by == 1 ? (String) person.get("email")
                    : by == 2 ? "someone" + random.nextInt(5) + "@unknown.example" : null;
            emails.add(EngagementLoadTest.email("m-" + random.nextInt(60), kinds.get(random.nextInt(kinds.size())), key,
                    address, at));
            Map<String, Object> event = EngagementLoadTest.storefront("s-" + random.nextInt(60),
                    types.get(random.nextInt(types.size())), 632910392L, at);
            event.put("customer_id", person.get("commerce_customer_id"));
            storefront.add(event);
        }
        new WebhookRuns(lake.app.get(Lake.class)).commit(now.minusSeconds(60), now,
                Map.of("email_events", emails, "storefront_events", storefront));
    }

    LoadSummary load(boolean fullRebuild, Instant asOf) {
        LoadSummary summary = lake.app.get(LoadService.class).run(fullRebuild, asOf);
        assertThat(summary.failure()).as("load failure").isNull();
        return summary;
    }

    Warehouse warehouse() {
        return lake.app.get(Warehouse.class);
    }

    long count(String sql) {
        return warehouse().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    List<Map<String, Object>> rows(String sql) {
        return warehouse().read(h -> h.createQuery(sql).mapToMap().list());
    }

    @Override
    public void close() {
        lake.close();
    }
}
