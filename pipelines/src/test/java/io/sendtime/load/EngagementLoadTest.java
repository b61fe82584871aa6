package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.TestApp;
import io.sendtime.lake.Lake;
import io.sendtime.lake.WebhookRuns;
import io.sendtime.transform.TransformSummary;

/**
 * What {@code sendtime serve} receives reaches the profiles: runs of the source webhooks (written as the server
 * writes them) are curated and loaded into email engagement and storefront activity, the windows counted as of the
 * load's as_of, and an incremental load equals a full rebuild with them.
 */
class EngagementLoadTest {

    static final String BOB = TestApp.customerKey("bob.norman@mail.example.com");
    static final long BOB_SHOP_ID = 207119551L;
    static final long TRAIL_RUNNER = 632910392L;

    @TempDir
    Path dir;

    @Test
    void webhookRunsReachTheProfilesAndAnIncrementalLoadEqualsAFullRebuild() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant firstAsOf = now.minus(Duration.ofHours(2));
        Instant asOf = now.minus(Duration.ofHours(1));
        Path incremental = dir.resolve("warehouse").resolve("sendtime.duckdb");
        String other;
        List<String> incrementalFeatures;
        try (LoadedSamples a = new LoadedSamples(dir).curate()) {
            // given the samples loaded, and Bob's features as of the next load's as_of before anything arrives
            a.load(false, firstAsOf);
            Map<String, Object> before = features(a, BOB, asOf);
            other = a.rows("SELECT customer_key FROM profiles WHERE customer_key <> '" + BOB
                    + "' AND email IS NOT NULL ORDER BY customer_key LIMIT 1").get(0).get("customer_key").toString();

            // when sendtime serve commits a run of email events and storefront events
            Map<String, List<Map<String, Object>>> received = new LinkedHashMap<>();
            received.put("email_events", List.of(
                    // Bob by the export's custom argument, and by his address (any case and spaces)
                    email("e-1", "open", BOB, null, now.minus(Duration.ofDays(10))),
                    email("e-2", "open", null, " Bob.Norman@Mail.Example.com", now.minus(Duration.ofDays(10)).plusSeconds(60)),
                    email("e-3", "open", BOB, null, now.minus(Duration.ofDays(60))),
                    email("e-4", "delivered", BOB, null, now.minus(Duration.ofDays(10)).minusSeconds(60)),
                    email("e-5", "delivered", BOB, null, now.minus(Duration.ofDays(40))),
                    email("e-6", "click", BOB, null, now.minus(Duration.ofDays(5))),
                    email("e-7", "deferred", BOB, null, now.minus(Duration.ofDays(4))),
                    // an open more than 90 days back counts in no window; one after as_of neither
                    email("e-8", "open", BOB, null, now.minus(Duration.ofDays(91))),
                    email("e-9", "soft_bounce", BOB, null, now.minus(Duration.ofDays(3))),
                    email("e-10", "hard_bounce", other, null, now.minus(Duration.ofDays(2))),
                    // an address no contact or customer has: kept, keyed as that address would be, in no profile
                    email("e-11", "open", null, "nobody@unknown.example", now.minus(Duration.ofDays(1))),
                    // no key and no address sendtime accepts: kept for its send, reaching no one
                    email("e-12", "open", null, "not an address", now.minus(Duration.ofDays(1))),
                    // a kind sendtime does not know: quarantined
                    email("e-13", "bounced", BOB, null, now.minus(Duration.ofDays(1)))));
            received.put("storefront_events", List.of(
                    storefront("w-1", "added_to_cart", TRAIL_RUNNER, now.minus(Duration.ofDays(2))),
                    storefront("w-2", "removed_from_cart", TRAIL_RUNNER, now.minus(Duration.ofDays(2)).plusSeconds(60)),
                    storefront("w-3", "checkout_started", null, now.minus(Duration.ofDays(2)).plusSeconds(120)),
                    storefront("w-4", "order_placed", null, now.minus(Duration.ofDays(2)).plusSeconds(180)),
                    storefront("w-5", "product_viewed", TRAIL_RUNNER, now.minus(Duration.ofDays(1))),
                    storefront("w-6", "searched", null, now.minus(Duration.ofHours(20))),
                    storefront("w-7", "removed_from_cart", null, now.minus(Duration.ofHours(20)))));
            new WebhookRuns(a.lake.app.get(Lake.class)).commit(now.minus(Duration.ofMinutes(1)), now, received);
            TransformSummary curated = a.lake.transform();
            LoadSummary loaded = a.load(false, asOf);

            // then the transform curated them by its rules, counted, the rest quarantined with the reason
            assertThat(curated.total("email_events").written()).isEqualTo(12);
            assertThat(curated.total("email_events").quarantined()).isEqualTo(1);
            assertThat(curated.total("email_events").counts()).as("the unknown address; no address and no key")
                    .containsEntry("unknown_customer", 1L).containsEntry("anonymous", 1L);
            assertThat(curated.total("storefront_events").written()).isEqualTo(6);
            assertThat(curated.total("storefront_events").quarantined()).as("a cart removal without its product")
                    .isEqualTo(1);
            assertThat(quarantined(a, "email_events")).contains("unknown email event kind").contains("e-13");
            assertThat(a.count("SELECT count(*) FROM email_events WHERE customer_key = '" + BOB + "'")).isEqualTo(9);
            assertThat(a.count("SELECT count(*) FROM email_events WHERE email_sha256 IS NOT NULL")).isEqualTo(11);
            assertThat(loaded.count("email_events_without_profile")).isEqualTo(2);
            assertThat(a.count("SELECT count(*) FROM source_windows WHERE source = 'webhooks'"))
                    .as("the server's minutes are no extract windows: freshness goes by the sources'").isZero();

            // and Bob's windows hold what they should, as of the load's as_of
            Map<String, Object> bob = features(a, BOB, asOf);
            assertThat(bob).as("Bob's email engagement as of " + asOf)
                    .containsEntry("email_opens_30d", 2L).containsEntry("email_opens_90d", 3L)
                    .containsEntry("emails_delivered_30d", 1L).containsEntry("emails_delivered_90d", 2L)
                    .containsEntry("email_clicks_30d", 1L).containsEntry("email_clicks_90d", 1L)
                    .containsEntry("hard_bounced", false);
            assertThat(bob.get("last_engaged_at")).as("the click 5 days back").isEqualTo(at(now.minus(Duration.ofDays(5))));
            assertThat(features(a, other, asOf)).containsEntry("hard_bounced", true).containsEntry("email_opens_90d", 0L);
            // three weeks later the opens of 10 days back have left the 30 days, not the 90
            assertThat(features(a, BOB, asOf.plus(Duration.ofDays(21)))).containsEntry("email_opens_30d", 0L)
                    .containsEntry("email_opens_90d", 3L);

            // and storefront events: one more view; cart events and the rest mark activity, the cart stays the checkout's
            assertThat(bob.get("recent_views")).isEqualTo((Long) before.get("recent_views") + 1);
            assertThat(bob.get("last_viewed_at")).isEqualTo(at(now.minus(Duration.ofDays(1))));
            assertThat(bob.get("last_active_at")).isEqualTo(at(now.minus(Duration.ofHours(20))));
            for (String cart : List.of("cart_checkout_id", "cart_updated_at", "cart_value_minor", "orders_count")) {
                assertThat(bob.get(cart)).as(cart).isEqualTo(before.get(cart));
            }
            assertThat(a.count("SELECT count(*) FROM profile_snapshots WHERE customer_key = '" + BOB + "'"))
                    .as("engagement is part of the profile's history").isEqualTo(2);
            IncrementalEqualsRebuildTest.invariants(a, 0);
            incrementalFeatures = allFeatures(a, asOf);
        }

        // and a warehouse rebuilt from the same lake at the same as_of is the same, features included
        Path rebuilt = dir.resolve("rebuilt.duckdb");
        try (LoadedSamples b = new LoadedSamples(dir, Map.of("sendtime.warehouse.path", rebuilt.toString()))) {
            b.load(true, asOf);
            assertThat(WarehouseDiff.between(incremental, rebuilt)).as("tables differ").isEmpty();
            assertThat(allFeatures(b, asOf)).as("profile features as of " + asOf).isEqualTo(incrementalFeatures);
        }
    }

    static Map<String, Object> email(String id, String kind, String customerKey, String address, Instant at) {
        Map<String, Object> event = new HashMap<>();
        event.put("event_id", id);
        event.put("provider", "sendgrid");
        event.put("event", kind);
        event.put("kind", kind);
        event.put("email", address != null ? address : customerKey != null ? "bob.norman@mail.example.com" : null);
        event.put("occurred_at", at);
        event.put("received_at", at.plusSeconds(5));
        event.put("campaign", "win-back");
        event.put("send_id", "s1");
        event.put("variant", "a");
        event.put("customer_key", customerKey);
        event.put("status", kind.endsWith("bounce") ? "5.1.1" : null);
        return event;
    }

    static Map<String, Object> storefront(String id, String type, Long productId, Instant at) {
        Map<String, Object> event = new HashMap<>();
        event.put("id", id);
        event.put("type", type);
        event.put("customer_id", BOB_SHOP_ID);
        event.put("session_id", "sess-1");
        event.put("occurred_at", at);
        event.put("created_at", at.plusSeconds(1));
        event.put("product_id", productId);
        event.put("search_query", type.equals("searched") ? "trail" : null);
        return event;
    }

    private static Map<String, Object> features(LoadedSamples w, String key, Instant asOf) {
        return w.rows("SELECT * FROM profile_features_at(TIMESTAMPTZ '" + asOf + "') WHERE customer_key = '" + key + "'")
                .get(0);
    }

    /** Every profile's features as text (lists compare by their elements). */
    private static List<String> allFeatures(LoadedSamples w, Instant asOf) {
        return w.rows("SELECT * EXCLUDE (snapshot_version, updated_at) FROM profile_features_at(TIMESTAMPTZ '" + asOf
                + "') ORDER BY customer_key").stream().map(Object::toString).toList();
    }

    private static Object at(Instant instant) {
        return java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    private static String quarantined(LoadedSamples w, String entity) throws Exception {
        Path dir = w.lake.app.lakeDir().resolve("quarantine/transform/webhooks/" + entity);
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining());
        }
    }
}
