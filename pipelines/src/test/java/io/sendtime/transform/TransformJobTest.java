package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.samples.Change;
import io.sendtime.samples.Churn;
import io.sendtime.samples.Entity;
import io.sendtime.model.Emails;

/** The transform job on the sample data, extracted through the real sample APIs. */
class TransformJobTest {

    @TempDir
    Path dir;

    @Test
    void curatesTheSampleDataAndARerunFindsNothingNew() {
        try (SampleLake lake = new SampleLake(dir)) {
            // given both sources extracted into the raw lake
            lake.extractBoth();

            // when the transform runs
            TransformSummary summary = lake.transform();

            // then every record is curated once and nothing breaks a rule
            assertThat(summary.runs()).hasSize(1);
            assertThat(summary.runs().get(0).consumed()).hasSize(2);
            // (HubSpot's subscriptions timeline lists no status of a contact without an address: 4 contacts, 8 of 200)
            Map<String, Long> curated = Map.of("contacts", 100L, "subscriptions", 192L, "customers", 100L,
                    "orders", 300L, "products", 40L, "checkouts", 50L, "storefront_events", 2000L);
            curated.forEach((entity, n) -> {
                assertThat(summary.total(entity).written()).as(entity + " curated").isEqualTo(n);
                assertThat(summary.total(entity).quarantined()).as(entity + " quarantined").isZero();
            });
            assertThat(summary.total("subscriptions").counts()).as("a timeline change names its person by address: no"
                    + " unknown contact").doesNotContainKey("unknown_customer");
            assertThat(summary.total("contacts").counts()).as("contacts 1004, 1029, 1054, 1079 have no email")
                    .containsEntry("no_email", 4L);
            assertThat(summary.total("products").counts()).as("every messy product_type is in the taxonomy")
                    .doesNotContainKey("unknown_category");

            Lake lakeFs = lake.app.get(Lake.class);
            Map<String, GenericRecord> contacts = CuratedVersions.latest(lakeFs, "contacts");
            Map<String, GenericRecord> customers = CuratedVersions.latest(lakeFs, "customers");
            Map<String, GenericRecord> orders = CuratedVersions.latest(lakeFs, "orders");

            // and Bob Norman is one customer across the CRM (mixed-case email) and the shop
            GenericRecord bobCrm = contacts.get("1001");
            GenericRecord bobShop = customers.get("207119551");
            assertThat(str(bobCrm, "email")).isEqualTo("bob.norman@mail.example.com");
            assertThat(str(bobCrm, "email_sha256")).isEqualTo(Emails.sha256("bob.norman@mail.example.com"));
            assertThat(str(bobCrm, "customer_key")).isEqualTo(str(bobShop, "customer_key"))
                    .isEqualTo(io.sendtime.TestApp.customerKey("bob.norman@mail.example.com"));
            assertThat(str(bobCrm, "phone_e164")).isEqualTo("+16137795221").isEqualTo(str(bobShop, "phone_e164"));
            assertThat(str(bobCrm, "country_code")).isEqualTo("CA").isEqualTo(str(bobShop, "country_code"));
            assertThat(str(bobShop, "currency")).isEqualTo("CAD");
            assertThat(orders.values().stream().filter(o -> Long.valueOf(207119551L).equals(o.get("customer_id"))))
                    .as("Bob's 4 orders carry his key").hasSize(4)
                    .allSatisfy(o -> assertThat(str(o, "customer_key")).isEqualTo(str(bobCrm, "customer_key")));

            // and 87 contacts share their key with a shop customer; names alone merge nobody
            Set<String> shopKeys = customers.values().stream().map(c -> str(c, "customer_key")).collect(Collectors.toSet());
            assertThat(contacts.values().stream().filter(c -> shopKeys.contains(str(c, "customer_key")))).hasSize(87);
            assertThat(str(contacts.get("1004"), "customer_key")).as("no email: keyed by the contact")
                    .isEqualTo(io.sendtime.TestApp.customerKey("crm:1004"));

            // and deletions are tombstones with their time in UTC
            assertThat(contacts.get("1018").get("is_deleted")).isEqualTo(true);
            assertThat(micros(contacts.get("1018"), "deleted_at")).isEqualTo(Instant.parse("2024-06-20T02:16:48Z"));
            assertThat(customers.get("207142850").get("is_deleted")).isEqualTo(true);
            assertThat(micros(customers.get("207142850"), "deleted_at")).isEqualTo(Instant.parse("2024-08-19T07:19:12Z"));
            assertThat(contacts.values().stream().filter(c -> (Boolean) c.get("is_deleted"))).hasSize(2);

            // and a cancelled order stays an order, in minor units
            GenericRecord cancelled = orders.get("450789525");
            assertThat(str(cancelled, "order_name")).isEqualTo("#1009");
            assertThat(cancelled.get("is_cancelled")).isEqualTo(true);
            assertThat(cancelled.get("is_deleted")).isEqualTo(false);
            assertThat(str(cancelled, "cancel_reason")).isEqualTo("inventory");
            assertThat(cancelled.get("total_minor")).isEqualTo(15658L);
            // JPY has no minor unit: "15344" yen is 15344 minor units, not 1534400
            GenericRecord yen = orders.get("450789574");
            assertThat(str(yen, "currency")).isEqualTo("JPY");
            assertThat(yen.get("total_minor")).isEqualTo(15344L);
            assertThat(yen.get("subtotal_minor")).isEqualTo(13949L);
            assertThat(yen.get("tax_minor")).isEqualTo(1395L);
            assertThat(CuratedVersions.latest(lakeFs, "products").values().stream().map(p -> str(p, "category"))
                    .collect(Collectors.toSet())).containsExactlyInAnyOrder("running_shoes", "t_shirts", "jackets",
                    "backpacks", "water_bottles", "socks", "watches", "yoga_mats");

            // when the transform runs again with no new extract
            TransformSummary rerun = lake.transform();

            // then there is nothing new and no second curated run
            assertThat(rerun.nothingNew()).isTrue();
            assertThat(new CuratedManifests(lakeFs).all()).hasSize(1);
        }
    }

    @Test
    void aLaterTransformConsumesOnlyTheDeltaAndKeepsTheLatestVersionAndTombstones() {
        try (SampleLake lake = new SampleLake(dir)) {
            // given the sample data extracted and curated
            lake.extractBoth();
            lake.transform();
            Lake lakeFs = lake.app.get(Lake.class);
            Map<String, GenericRecord> before = CuratedVersions.latest(lakeFs, "contacts");

            // when contacts and orders change at the source, and extract and transform run again
            List<Change> contactChanges = lake.apis.store().churn(Entity.CONTACTS, Churn.of(0, 3, 2));
            List<Change> orderChanges = lake.apis.store().churn(Entity.ORDERS, Churn.of(0, 4, 1));
            assertThat(contactChanges).as("churn changed contacts").hasSize(5);
            assertThat(orderChanges).as("churn changed orders").hasSize(5);
            lake.extractBoth();
            TransformSummary delta = lake.transform();

            // then only the two new extract runs are consumed, and only the changed records are read
            assertThat(delta.runs()).hasSize(1);
            assertThat(delta.runs().get(0).consumed()).hasSize(2);
            assertThat(delta.total("contacts").read()).isEqualTo(contactChanges.size());
            assertThat(delta.total("orders").read()).isEqualTo(orderChanges.size());
            assertThat(delta.total("customers").read()).isZero();

            // and the current state holds the latest version of each changed contact, deletions as tombstones
            Map<String, GenericRecord> after = CuratedVersions.latest(lakeFs, "contacts");
            assertThat(after).hasSameSizeAs(before);
            for (Change change : contactChanges) {
                GenericRecord now = after.get(change.id());
                assertThat(micros(now, "updated_at")).as("contact " + change.id()).isEqualTo(change.at());
                assertThat(now.get("_transform_run_id").toString()).isEqualTo(delta.runs().get(0).transformRunId());
                assertThat(now.get("is_deleted")).as("contact " + change.id() + " " + change.kind())
                        .isEqualTo(change.kind() == Change.Kind.DELETE);
                assertThat(str(now, "customer_key")).as("the key is stable across runs")
                        .isEqualTo(str(before.get(change.id()), "customer_key"));
            }
            Map<String, GenericRecord> orders = CuratedVersions.latest(lakeFs, "orders");
            orderChanges.stream().filter(c -> c.kind() == Change.Kind.DELETE).forEach(c ->
                    assertThat(orders.get(c.id()).get("is_cancelled")).as("a deleted order is cancelled").isEqualTo(true));

            // and the rerun after that has nothing new
            assertThat(lake.transform().nothingNew()).isTrue();
        }
    }

    @Test
    void badRecordsAreQuarantinedWithTheirReasonAndCounted() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            // given records that pass the raw schema but break business rules
            Instant at = Instant.parse("2026-09-30T12:00:00Z");
            lake.apis.store().inject(Entity.ORDERS, at, "9000001", order(9000001, "XYZ", "10.00", "10.00", "0.00"));
            lake.apis.store().inject(Entity.ORDERS, at, "9000002", order(9000002, "USD", "99.00", "10.00", "1.00"));
            lake.apis.store().inject(Entity.ORDERS, at, "9000003", order(9000003, "USD", "11.00", "10.00", "1.00")
                    .replace("\"customer\":{\"id\":207119551}", "\"customer\":{\"id\":1}"));
            lake.apis.store().inject(Entity.CONTACTS, at, "9001", """
                    {"id":"9001","properties":{"email":"not an email","country":"Atlantis",
                     "lastmodifieddate":"2026-09-30T12:00:00.000Z"},
                     "createdAt":"2026-09-30T12:00:00.000Z","updatedAt":"2026-09-30T12:00:00.000Z","archived":false}
                    """.replace("\n", ""));
            lake.apis.store().inject(Entity.PRODUCTS, at, "9002", """
                    {"id":9002,"title":"Sink","product_type":"Kitchen Sinks","status":"active",
                     "updated_at":"2026-09-30T12:00:00Z","variants":[]}""".replace("\n", ""));
            lake.extractBoth();

            // when the transform runs
            TransformSummary summary = lake.transform();

            // then the job completes; the bad orders are quarantined with their reason
            assertThat(summary.total("orders").quarantined()).isEqualTo(2);
            assertThat(summary.total("orders").written()).isEqualTo(301);
            assertThat(summary.total("orders").counts()).as("order 9000003's customer is unknown")
                    .containsEntry("unknown_customer", 1L);
            // and the contact with a broken address is still a contact: kept without it, the reason counted
            assertThat(summary.total("contacts").quarantined()).isZero();
            assertThat(summary.total("contacts").counts()).containsEntry("email_invalid_syntax", 1L)
                    .containsEntry("no_email", 5L);
            assertThat(summary.total("products").counts()).containsEntry("unknown_category", 1L);
            Lake lakeFs = lake.app.get(Lake.class);
            assertThat(str(CuratedVersions.latest(lakeFs, "products").get("9002"), "category")).isEqualTo("other");
            assertThat(CuratedVersions.latest(lakeFs, "contacts").get("9001").get("email")).isNull();

            Path quarantine = lake.app.lakeDir().resolve("quarantine/transform/commerce/orders");
            String lines;
            try (var files = Files.walk(quarantine)) {
                lines = files.filter(p -> p.toString().endsWith(".jsonl")).map(TransformJobTest::read)
                        .collect(Collectors.joining());
            }
            assertThat(lines).contains("unknown currency XYZ").contains("total_price is not subtotal_price + total_tax")
                    .contains("9000001").contains("\"stage\":\"transform\"");
        }
    }

    private static String order(long id, String currency, String total, String subtotal, String tax) {
        return ("{\"id\":%d,\"name\":\"#X%d\",\"customer\":{\"id\":207119551},\"email\":\"bob.norman@mail.example.com\","
                + "\"created_at\":\"2026-09-30T12:00:00Z\",\"updated_at\":\"2026-09-30T12:00:00Z\",\"currency\":\"%s\","
                + "\"total_price\":\"%s\",\"subtotal_price\":\"%s\",\"total_tax\":\"%s\",\"line_items\":[]}")
                .formatted(id, id, currency, total, subtotal, tax);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String str(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : v.toString();
    }

    private static Instant micros(GenericRecord r, String field) {
        long us = (Long) r.get(field);
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
    }
}
