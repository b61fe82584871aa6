package io.sendtime.erase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.load.LoadService;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.render.RenderService;
import io.sendtime.samples.Entity;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * {@code privacy erase} of a sample customer who has orders, events, a cart, token sets, an export and a
 * quarantined record, against the real sample APIs (which keep serving them): afterwards no file under the
 * runtime directory holds them, and neither a full rebuild nor a fresh full extract brings them back.
 */
class ErasureTest {

    static final Instant SEND_AT = Instant.parse("2026-11-22T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anErasedPersonIsInNoFileAndStaysErased() throws Exception {
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, "a-test-privacy-key-0123456789");
        Path var = dir.resolve("var");
        try (SampleLake lake = new SampleLake(var, properties(key))) {
            // given a customer with a cart, orders and events, and a record of theirs the extract quarantines
            Warehouse warehouse = loadAndRender(lake, true);
            Person person = Person.withACart(warehouse);
            lake.apis.store().inject(Entity.CONTACTS, lake.apis.store().now(), "q-" + person.contactId,
                    "{\"id\":\"q-" + person.contactId + "\",\"properties\":{\"email\":\"" + person.email + "\"}}");
            lake.extractBoth();
            lake.transform();
            assertThat(PersonalDataScan.scan(var, person.needles())).as("the person is everywhere before")
                    .anySatisfy(f -> assertThat(f).contains("quarantine"))
                    .anySatisfy(f -> assertThat(f).contains("exports"))
                    .anySatisfy(f -> assertThat(f).contains("sendtime.duckdb"))
                    .anySatisfy(f -> assertThat(f).contains("raw"))
                    .anySatisfy(f -> assertThat(f).contains("curated"));

            // and an access request shows them everything sendtime holds about them
            var access = lake.app.get(AccessExport.class).export(person.contactId());
            assertThat(access.path("identifiers").path("email").toString()).contains(person.email());
            assertThat(access.path("warehouse").fieldNames()).toIterable()
                    .contains("profiles", "profile_snapshots", "orders", "events", "token_sets", "consents");
            assertThat(access.path("lake").findValuesAsText("zone")).contains("raw", "curated", "quarantine", "exports");
            assertThat(access.path("erased").asBoolean()).isFalse();

            // when they are erased (asked for by their address, in another case)
            EraseSummary summary = lake.app.get(EraseService.class).run(
                    new EraseRequest(person.email.toUpperCase(), "art. 17 request 42"));

            // then no file holds them, the summary names no one, and they stay suppressed
            assertThat(PersonalDataScan.scan(var, person.needles())).isEmpty();
            // and "bought together" counts their orders no more: what a count over the orders left gives
            assertThat(rows(warehouse, PAIRS_OF_THE_ORDERS_LEFT).get(0).get("n"))
                    .as("product_pairs rows that differ from a count over the orders left").isEqualTo(0L);
            assertThat(summary.toString()).doesNotContain(person.email, person.customerKey);
            assertThat(summary.removed().get("warehouse_rows")).isPositive();
            assertThat(summary.removed().get("raw_records")).isPositive();
            assertThat(lake.app.get(SuppressionList.class).matcher().test(person.email)).isTrue();
            var after = lake.app.get(AccessExport.class).export(person.email());
            assertThat(after.path("warehouse").size()).isZero();
            assertThat(after.path("lake").size()).isZero();
            assertThat(after.path("erased").asBoolean()).isTrue();

            // when the sources still send them: a fresh full extract, curated, and a full rebuild
            List<ExtractSummary> extracts = new ArrayList<>();
            for (String source : List.of("crm", "commerce")) {
                extracts.add(lake.app.get(ExtractService.class).run(
                        new ExtractService.ExtractRequest(source, List.of(), null, null, true)));
            }
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(true, null).succeeded()).isTrue();

            // then the extract dropped their records before writing anything, counted, and they are still nowhere
            assertThat(extracts.stream().flatMap(e -> e.entities().stream()).mapToLong(e -> e.erased()).sum())
                    .isGreaterThanOrEqualTo(4);
            assertThat(PersonalDataScan.scan(var, person.needles())).isEmpty();
            assertThat(rows(warehouse, "SELECT count(*) AS n FROM profiles").get(0).get("n")).isNotEqualTo(0L);
        }
    }

    /** product_pairs against a count over every order the warehouse holds, both ways. */
    static final String PAIRS_OF_THE_ORDERS_LEFT = """
            SELECT count(*) AS n FROM (
                (SELECT * FROM product_pairs EXCEPT ALL SELECT * FROM order_product_pairs('orders'))
                UNION ALL
                (SELECT * FROM order_product_pairs('orders') EXCEPT ALL SELECT * FROM product_pairs))""";

    static Map<String, Object> properties(Path key) {
        return Map.of("sendtime.privacy.key-file", key.toString(), "sendtime.render.stock-timeout", "5s",
                "sendtime.consent.refresh-timeout", "5s");
    }

    /** Extract, transform, load, and render every campaign (the exports and token sets the person is in). */
    static Warehouse loadAndRender(SampleLake lake, boolean render) {
        lake.extractBoth();
        lake.transform();
        assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
        if (render) {
            for (String campaign : List.of("abandoned-cart", "recommendations-newsletter", "win-back")) {
                lake.app.get(RenderService.class).run(new RenderService.RenderRequest(campaign, SEND_AT, "s1", true));
            }
        }
        return lake.app.get(Warehouse.class);
    }

    static List<Map<String, Object>> rows(Warehouse warehouse, String sql) {
        return warehouse.read(h -> h.createQuery(sql).mapToMap().list());
    }

    /**
     * A sample customer in both sources, with a cart token set, orders and events, whose first name is theirs
     * alone (and their last name, when no one else has it: else it is not searched for).
     */
    record Person(String customerKey, String email, String firstName, String lastName, String phone,
                  String contactId, String customerId) {

        static Person withACart(Warehouse warehouse) {
            Map<String, Object> row = rows(warehouse, """
                    SELECT p.customer_key, p.email, c.first_name, k.phone_e164 AS phone, c.contact_id,
                           CASE WHEN (SELECT count(*) FROM contacts x WHERE x.last_name = c.last_name) = 1
                                THEN c.last_name END AS last_name,
                           CAST(k.customer_id AS VARCHAR) AS customer_id
                    FROM profiles p JOIN contacts c USING (customer_key) JOIN customers k USING (customer_key)
                    WHERE EXISTS (SELECT 1 FROM token_sets t WHERE t.customer_key = p.customer_key
                                  AND t.campaign_id = 'abandoned-cart')
                      AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_key = p.customer_key)
                      AND EXISTS (SELECT 1 FROM events e WHERE e.customer_key = p.customer_key)
                      AND k.phone_e164 IS NOT NULL
                      AND (SELECT count(*) FROM contacts x WHERE x.first_name = c.first_name) = 1
                      AND (SELECT count(*) FROM customers x WHERE x.first_name = c.first_name) = 1
                    ORDER BY p.customer_key LIMIT 1""").get(0);
            return new Person((String) row.get("customer_key"), (String) row.get("email"), (String) row.get("first_name"),
                    (String) row.get("last_name"), (String) row.get("phone"), (String) row.get("contact_id"),
                    (String) row.get("customer_id"));
        }

        PersonalDataScan.Needles needles() {
            List<String> inside = new ArrayList<>(List.of(email, customerKey, phone.substring(1)));
            if (lastName != null) {
                inside.add(lastName);
            }
            return new PersonalDataScan.Needles(inside, List.of(firstName, contactId, customerId));
        }
    }
}
