package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load on the committed sample data, against the committed expected profiles and segments
 * (data-samples/expected, hand-checked cases in its README). Regenerate the expected files after an
 * intended change with {@code -Dsendtime.write-expected=true} and review the diff.
 */
class LoadSamplesTest {

    /** After the last sample record (2026-10-01), so every record counts. */
    static final Instant AS_OF = Instant.parse("2026-10-02T00:00:00Z");
    static final Path EXPECTED = Path.of("..", "data-samples", "expected");

    static final String PROFILES = """
            SELECT f.customer_key, f.crm_contact_id, f.commerce_customer_id, f.first_name, f.last_name, f.email,
                   f.country, f.currency, f.consent_marketing_email, f.consent_product_updates, f.suppressed_email,
                   f.orders_count, f.lifetime_value_minor, f.converted_orders, f.average_order_value_minor, f.first_order_at,
                   f.last_order_at, f.days_since_last_order, f.top_categories_by_spend, f.top_categories_by_views,
                   f.last_viewed_products, f.cart_checkout_id, f.cart_value_minor, f.cart_abandoned,
                   f.engagement_score,
                   (SELECT segment FROM segment_memberships m WHERE m.customer_key = f.customer_key AND m.is_primary)
                       AS primary_segment,
                   (SELECT list(segment ORDER BY segment) FROM segment_memberships m
                    WHERE m.customer_key = f.customer_key) AS segments
            FROM profile_features_at(TIMESTAMPTZ '2026-10-02 00:00:00+00') f
            ORDER BY f.customer_key""";

    static final String SEGMENTS = """
            SELECT d.name, d.priority, count(m.customer_key) AS members,
                   count(m.customer_key) FILTER (WHERE m.is_primary) AS primary_members
            FROM segment_definitions d LEFT JOIN segment_memberships m ON m.segment = d.name
            GROUP BY d.name, d.priority ORDER BY d.priority""";

    @TempDir
    Path dir;

    @Test
    void samplesLoadIntoTheExpectedProfilesAndSegments() throws IOException {
        try (LoadedSamples samples = new LoadedSamples(dir).curate()) {
            LoadSummary summary = samples.load(false, AS_OF);

            // 100 contacts and 100 customers: 87 pairs share an email, 13 + 13 stand alone; then
            // contact 1018 (archived) and customer 207142850 (deleted) each leave the other half alive
            assertThat(summary.count("contacts_merged")).isEqualTo(100);
            assertThat(summary.count("events_merged")).isEqualTo(2000);
            // 100 contacts and 100 customers, 87 pairs sharing an address (data-samples/expected/README.md)
            assertThat(summary.count("profiles")).isEqualTo(113);

            String profiles = csv(samples, PROFILES);
            String segments = csv(samples, SEGMENTS);
            if (Boolean.getBoolean("sendtime.write-expected")) {
                Files.createDirectories(EXPECTED);
                Files.writeString(EXPECTED.resolve("profiles.csv"), profiles);
                Files.writeString(EXPECTED.resolve("segments.csv"), segments);
            }
            assertThat(profiles).isEqualTo(Files.readString(EXPECTED.resolve("profiles.csv")));
            assertThat(profiles.lines().count() - 1).as("one row per profile").isEqualTo(summary.count("profiles"));
            assertThat(segments).isEqualTo(Files.readString(EXPECTED.resolve("segments.csv")));

            // hand-checked (data-samples/expected/README.md): Bob Norman, one person in both systems
            Map<String, Object> bob = samples.rows(PROFILES.replace("ORDER BY f.customer_key",
                    "WHERE f.commerce_customer_id = 207119551")).get(0);
            assertThat(bob).containsEntry("crm_contact_id", "1001").containsEntry("email", "bob.norman@mail.example.com")
                    .containsEntry("currency", "CAD").containsEntry("orders_count", 4L)
                    .containsEntry("consent_marketing_email", "SUBSCRIBED");
            assertThat(bob.get("cart_checkout_id")).as("his abandoned checkout was followed by order #1006").isNull();
            Map<String, Object> emily = samples.rows(PROFILES.replace("ORDER BY f.customer_key",
                    "WHERE f.commerce_customer_id = 207120564")).get(0);
            assertThat(emily).as("9 orders, #1009 cancelled").containsEntry("orders_count", 8L);
            assertThat(samples.rows(PROFILES.replace("ORDER BY f.customer_key", "WHERE f.crm_contact_id = '1015'"))
                    .get(0)).as("1015's marketing email bounced").containsEntry("suppressed_email", true)
                    .containsEntry("consent_marketing_email", "UNSUBSCRIBED");

            // and a second load with nothing new changes no profile (NULLs compare equal in the row hash)
            LoadSummary again = samples.load(false, AS_OF.plusSeconds(1));
            assertThat(again.manifests()).isZero();
            assertThat(again.count("profiles_touched")).isZero();
            assertThat(again.count("profile_versions_added")).isZero();
            assertThat(samples.count("SELECT count(*) FROM load_log")).isEqualTo(2);
            // a full rebuild over the same lake finds every profile unchanged as well
            LoadSummary rebuilt = samples.load(true, AS_OF.plusSeconds(2));
            assertThat(rebuilt.count("profiles_touched")).isEqualTo(summary.count("profiles"));
            assertThat(rebuilt.count("profile_versions_added")).isZero();
            assertThat(csv(samples, PROFILES)).isEqualTo(profiles);
        }
    }

    /**
     * The query's rows as CSV, written by DuckDB itself; through a writer's connection, as readers may touch no
     * file (sql/session/reader.sql).
     */
    static String csv(LoadedSamples samples, String query) throws IOException {
        Path out = Files.createTempFile("sendtime-expected", ".csv");
        try {
            samples.warehouse().write("test", h -> h.execute("COPY (" + query + ") TO '" + out + "' (HEADER, DELIMITER ',')"));
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
