package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * The consent conflict rule (sql/load/consents.sql), both ways: the newest statement by its own time wins,
 * a statement whose time is borrowed from its record's update never overrides one with a time of its own,
 * and an unsubscribe is lifted only by a newer explicit opt-in.
 */
class ConsentRulesTest {

    @TempDir
    Path dir;

    /** A statement: source, status, when (minutes after 10:00), whether the time is the source's own. */
    record Statement(String source, String status, int minute, boolean ownTime) {}

    @Test
    void aNewerCrmUnsubscribeWinsOverAnOlderShopSubscribe() {
        assertThat(current(new Statement("commerce:single_opt_in", "SUBSCRIBED", 0, true),
                new Statement("crm:preference_center", "UNSUBSCRIBED", 10, true))).isEqualTo("UNSUBSCRIBED");
    }

    @Test
    void aNewerShopSubscribeWinsOverAnOlderCrmUnsubscribe() {
        assertThat(current(new Statement("crm:preference_center", "UNSUBSCRIBED", 0, true),
                new Statement("commerce:single_opt_in", "SUBSCRIBED", 10, true))).isEqualTo("SUBSCRIBED");
    }

    @Test
    void aStatementWithoutATimeOfItsOwnNeverOverridesOneWithATime() {
        // an unrelated update of the shop customer restates its old "subscribed" as of the update
        assertThat(current(new Statement("crm:preference_center", "UNSUBSCRIBED", 10, true),
                new Statement("commerce:single_opt_in", "SUBSCRIBED", 20, false))).isEqualTo("UNSUBSCRIBED");
        assertThat(current(new Statement("crm:preference_center", "SUBSCRIBED", 10, true),
                new Statement("commerce:single_opt_in", "UNSUBSCRIBED", 20, false))).isEqualTo("SUBSCRIBED");
        // with nothing else to go by, it counts, and a later own time overrides it either way
        assertThat(current(new Statement("commerce:single_opt_in", "SUBSCRIBED", 0, false))).isEqualTo("SUBSCRIBED");
        assertThat(current(new Statement("commerce:single_opt_in", "UNSUBSCRIBED", 0, false),
                new Statement("crm:preference_center", "SUBSCRIBED", 10, true))).isEqualTo("SUBSCRIBED");
    }

    @Test
    void anUnsubscribeIsLiftedOnlyByANewerExplicitOptIn() {
        assertThat(current(new Statement("crm:preference_center", "UNSUBSCRIBED", 0, true),
                new Statement("commerce:unknown", "NOT_SPECIFIED", 10, true))).isEqualTo("UNSUBSCRIBED");
        assertThat(current(new Statement("crm:preference_center", "UNSUBSCRIBED", 0, true),
                new Statement("commerce:unknown", "NOT_SPECIFIED", 10, true),
                new Statement("crm:preference_center", "SUBSCRIBED", 20, true))).isEqualTo("SUBSCRIBED");
        // a subscription is ended by "not subscribed" as before
        assertThat(current(new Statement("crm:preference_center", "SUBSCRIBED", 0, true),
                new Statement("commerce:unknown", "NOT_SPECIFIED", 10, true))).isEqualTo("NOT_SPECIFIED");
    }

    @Test
    void twoStatementsAtTheSameInstantReadTheSafeWay() {
        assertThat(current(new Statement("crm:api", "SUBSCRIBED", 5, true),
                new Statement("commerce:single_opt_in", "UNSUBSCRIBED", 5, true))).isEqualTo("UNSUBSCRIBED");
    }

    @Test
    void theLoadsHooksSayWhoseTimeIsOwn() {
        // given curated versions with and without a consent time of their own
        Path customers = dir.resolve("customers.parquet");
        Path subscriptions = dir.resolve("subscriptions.parquet");
        Warehouse warehouse = new Warehouse(new WarehouseSettings(dir.resolve("hooks.duckdb"), "256MB", 1));
        Map<String, Boolean> own = warehouse.write("test", h -> {
            h.createUpdate("COPY (SELECT * FROM (VALUES ('k1', 1::BIGINT, 'single_opt_in', 'subscribed',"
                            + " TIMESTAMPTZ '2026-11-01 10:00:00+00', TIMESTAMPTZ '2026-11-02 10:00:00+00', false),"
                            + " ('k2', 2::BIGINT, 'single_opt_in', 'subscribed', NULL, TIMESTAMPTZ '2026-11-02 10:00:00+00', false))"
                            + " t(customer_key, customer_id, email_marketing_opt_in_level, email_marketing_state,"
                            + " email_marketing_consent_updated_at, updated_at, is_deleted)) TO :file (FORMAT parquet)")
                    .bind("file", customers.toString()).execute();
            h.createUpdate("COPY (SELECT * FROM (VALUES ('k3', 'marketing_email', 'UNSUBSCRIBED', 'api', 's3',"
                            + " TIMESTAMPTZ '2026-11-01 10:00:00+00', TIMESTAMPTZ '2026-11-02 10:00:00+00', false),"
                            + " ('k4', 'marketing_email', 'UNSUBSCRIBED', 'api', 's4', NULL, TIMESTAMPTZ '2026-11-02 10:00:00+00', false))"
                            + " t(customer_key, subscription_id, status, source, subscription_record_id, status_at, updated_at,"
                            + " is_deleted)) TO :file (FORMAT parquet)")
                    .bind("file", subscriptions.toString()).execute();
            WarehouseLoader.setFiles(h, "customers", List.of(customers.toString()));
            WarehouseLoader.setFiles(h, "subscriptions", List.of(subscriptions.toString()));

            // when the load's after-hooks state their consent
            SqlScript.load("load/after/customers.sql").run(h, Map.of());
            SqlScript.load("load/after/subscriptions.sql").run(h, Map.of());

            Map<String, Boolean> flags = new java.util.TreeMap<>();
            h.createQuery("SELECT customer_key, own_time FROM consent_statements")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBoolean(2))).forEach(e -> flags.put(e.getKey(), e.getValue()));
            return flags;
        });

        // then
        assertThat(own).containsExactlyInAnyOrderEntriesOf(Map.of("k1", true, "k2", false, "k3", true, "k4", false));
    }

    @Test
    void aCrmSubscriptionTypeCountsForTheChannelItIsListedUnder() {
        // given a CRM whose marketing subscription type is a number, and a type listed nowhere
        Path subscriptions = dir.resolve("typed.parquet");
        io.sendtime.config.ConsentSettings consent = new io.sendtime.config.ConsentSettings(
                Map.of("marketing_email", List.of("5012345")), null, null);
        Warehouse warehouse = new Warehouse(new WarehouseSettings(dir.resolve("typed.duckdb"), "256MB", 1));
        Map<String, String> channels = warehouse.write("test", h -> {
            h.createUpdate("COPY (SELECT * FROM (VALUES ('k1', '5012345', 'UNSUBSCRIBED', 'api', 's1',"
                            + " TIMESTAMPTZ '2026-11-01 10:00:00+00', TIMESTAMPTZ '2026-11-01 10:00:00+00', false),"
                            + " ('k2', '7777', 'SUBSCRIBED', 'api', 's2', TIMESTAMPTZ '2026-11-01 10:00:00+00',"
                            + " TIMESTAMPTZ '2026-11-01 10:00:00+00', false),"
                            // an opt-out of all email, a bounce or a spam report: marketing email, configured or not
                            + " ('k3', 'all_email', 'UNSUBSCRIBED', 'SOURCE_NON_DELIVERY_REPORT', 's3',"
                            + " TIMESTAMPTZ '2026-11-01 10:00:00+00', TIMESTAMPTZ '2026-11-01 10:00:00+00', false))"
                            + " t(customer_key, subscription_id, status, source, subscription_record_id, status_at, updated_at,"
                            + " is_deleted)) TO :file (FORMAT parquet)")
                    .bind("file", subscriptions.toString()).execute();
            WarehouseLoader loader = new WarehouseLoader(new LoadSettings(null, null), consent, null);
            loader.begin(h, java.time.Instant.parse("2026-11-02T00:00:00Z"), 1);
            WarehouseLoader.setFiles(h, "subscriptions", List.of(subscriptions.toString()));

            // when the load states their consent
            SqlScript.load("load/after/subscriptions.sql").run(h, Map.of());

            Map<String, String> byKey = new java.util.TreeMap<>();
            h.createQuery("SELECT customer_key, channel FROM consent_statements")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> byKey.put(e.getKey(), e.getValue()));
            return byKey;
        });

        // then
        assertThat(channels).containsExactlyInAnyOrderEntriesOf(Map.of("k1", "marketing_email", "k2", "7777",
                "k3", "marketing_email"));
    }

    @Test
    void aSubscriptionTypeUnderTwoChannelsIsAConfigurationError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new io.sendtime.config.ConsentSettings(
                        Map.of("marketing_email", List.of("1"), "product_updates", List.of("1")), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subscription type 1 is listed under both");
    }

    @Test
    void theRenderReadsConsentAgainFromTheFirstGapInTheWindowsTheWarehouseHolds() {
        Warehouse warehouse = new Warehouse(new WarehouseSettings(dir.resolve("windows.duckdb"), "256MB", 1));
        warehouse.migrate();
        java.util.function.Function<String, String> since = windows -> warehouse.write("test", h -> {
            h.execute("DELETE FROM source_windows");
            if (!windows.isEmpty()) {
                h.execute("INSERT INTO source_windows SELECT 'crm', 'subscriptions', 'r' || f || '-' || t, TIMESTAMPTZ '2026-11-01'"
                        + " + INTERVAL (f) HOUR, TIMESTAMPTZ '2026-11-01' + INTERVAL (t) HOUR, 1"
                        + " FROM (VALUES " + windows + ") w(f, t)");
            }
            return io.sendtime.warehouse.WarehouseQueries.completeness(h).stream()
                    .filter(c -> c.source().equals("crm") && c.entity().equals("subscriptions"))
                    .map(c -> c.completeTo().atOffset(java.time.ZoneOffset.UTC).toString()).findFirst().orElse("nothing");
        });

        // nothing recorded: from the beginning
        assertThat(since.apply("")).isEqualTo("nothing");
        // unbroken (overlapping with a lookback, out of order): the end of the last window
        assertThat(since.apply("(2, 3), (0, 1), (1, 2), (0, 2)")).isEqualTo("2026-11-01T03:00Z");
        // an hour missing (a failed interval): the end of the data before the gap, whatever came after it
        assertThat(since.apply("(0, 1), (1, 2), (3, 4), (4, 5)")).isEqualTo("2026-11-01T02:00Z");
        // a full refresh covering the gap closes it
        assertThat(since.apply("(0, 1), (1, 2), (3, 4), (0, 4)")).isEqualTo("2026-11-01T04:00Z");
    }

    /** The current marketing_email consent after the statements, and the history is a chain of changes. */
    private String current(Statement... statements) {
        Warehouse warehouse = new Warehouse(new WarehouseSettings(dir.resolve("w" + System.nanoTime() + ".duckdb"),
                "256MB", 1));
        return warehouse.write(h -> {
            int n = 0;
            for (Statement s : statements) {
                h.createUpdate("INSERT INTO consent_statements VALUES ('k1', 'marketing_email', :status, :source, :record,"
                                + " TIMESTAMPTZ '2026-11-22 10:00:00+00' + to_minutes(:minute), :own)")
                        .bind("status", s.status()).bind("source", s.source()).bind("record", "r" + n++)
                        .bind("minute", s.minute()).bind("own", s.ownTime()).execute();
            }
            h.execute("CREATE OR REPLACE TEMP TABLE touched_keys AS SELECT 'k1' AS customer_key");
            WarehouseLoader.consents(h);
            List<Map<String, Object>> history = h.createQuery("SELECT status, valid_to, is_current FROM consents"
                    + " WHERE customer_key = 'k1' ORDER BY valid_from").mapToMap().list();
            assertThat(history).filteredOn(r -> Boolean.TRUE.equals(r.get("is_current"))).hasSize(1);
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).get("status")).as("each row a change").isNotEqualTo(history.get(i - 1).get("status"));
            }
            return (String) history.get(history.size() - 1).get("status");
        });
    }
}
