package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.TestApp;
import io.sendtime.lake.Lake;
import io.sendtime.model.Emails;
import io.sendtime.samples.Entity;

/**
 * Hostile titles, names and addresses through the real transform (extracted from the sample APIs): the records
 * are kept, the offending field is null, and the reason is counted in the summary.
 */
class HostileValuesTransformTest {

    private static final Instant AT = Instant.parse("2026-09-30T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void offendingFieldsBecomeNullAndAreCountedWhileTheRecordsAreKept() {
        try (SampleLake lake = new SampleLake(dir)) {
            // given a product with an absurd title and a header-injection variant title, customers with a broken,
            // a homoglyph and an internationalized address, an order of the broken one, a cart of blank titles
            lake.apis.store().inject(Entity.PRODUCTS, AT, "9100", product(9100, "\\\"".repeat(1_400),
                    "Bob\\r\\nBcc: x@evil.test"));
            lake.apis.store().inject(Entity.CUSTOMERS, AT, "9200",
                    customer(9200, "\\\"><svg/onload=alert(1)>@x.com", "Mallory"));
            lake.apis.store().inject(Entity.CUSTOMERS, AT, "9201", customer(9201, "Jürgen@Bücher.example", "Jürgen"));
            lake.apis.store().inject(Entity.CUSTOMERS, AT, "9202", customer(9202, "pаypal@example.com",
                    "\\u202Eevil"));
            lake.apis.store().inject(Entity.ORDERS, AT, "9300", order(9300, 9200, "\\\"><svg/onload=alert(1)>@x.com"));
            lake.apis.store().inject(Entity.CHECKOUTS, AT, "9400", checkout(9400, 9201, "\\u200B\\u00A0\\u200B"));
            lake.extractBoth();

            // when the transform runs
            TransformSummary summary = lake.transform();

            // then nothing is quarantined and every record is kept
            for (String entity : new String[] {"products", "customers", "orders", "checkouts"}) {
                assertThat(summary.total(entity).quarantined()).as(entity + " quarantined").isZero();
            }
            assertThat(summary.total("products").written()).isEqualTo(41);
            assertThat(summary.total("customers").written()).isEqualTo(103);
            Lake lakeFs = lake.app.get(Lake.class);

            // and the product is kept with a null title, its variant's header injection too, each counted
            GenericRecord product = CuratedVersions.latest(lakeFs, "products").get("9100");
            assertThat(product.get("title")).isNull();
            assertThat(((GenericRecord) ((java.util.List<?>) product.get("variants")).get(0)).get("title")).isNull();
            assertThat(str(product, "category")).isEqualTo("running_shoes");
            assertThat(summary.total("products").counts()).containsEntry("title_too_long", 1L)
                    .containsEntry("variant_title_control_character", 1L);

            // and the customer with markup for an address is kept without it, keyed by its id, the reason counted
            Map<String, GenericRecord> customers = CuratedVersions.latest(lakeFs, "customers");
            GenericRecord broken = customers.get("9200");
            assertThat(broken.get("email")).isNull();
            assertThat(broken.get("email_sha256")).isNull();
            assertThat(str(broken, "first_name")).isEqualTo("Mallory");
            assertThat(str(broken, "customer_key")).isEqualTo(TestApp.customerKey("commerce:9200"));
            assertThat(summary.total("customers").counts()).containsEntry("email_invalid_syntax", 1L)
                    .containsEntry("email_mixed_script", 1L).containsEntry("first_name_bidi_control", 1L)
                    .containsEntry("no_email", 2L);
            GenericRecord homoglyph = customers.get("9202");
            assertThat(homoglyph.get("email")).isNull();
            assertThat(homoglyph.get("first_name")).isNull();

            // and its order is kept with its key, without an address hash
            GenericRecord order = CuratedVersions.latest(lakeFs, "orders").get("9300");
            assertThat(str(order, "customer_key")).isEqualTo(str(broken, "customer_key"));
            assertThat(order.get("email_sha256")).isNull();
            assertThat(summary.total("orders").counts()).containsEntry("email_invalid_syntax", 1L);

            // and the internationalized address is kept with its domain in ASCII, hashed and keyed in that form
            GenericRecord idn = customers.get("9201");
            assertThat(str(idn, "email")).isEqualTo("jürgen@xn--bcher-kva.example");
            assertThat(str(idn, "email_sha256")).isEqualTo(Emails.sha256("jürgen@xn--bcher-kva.example"));
            assertThat(str(idn, "customer_key")).isEqualTo(TestApp.customerKey("jürgen@xn--bcher-kva.example"));

            // and the cart line of zero-width and no-break spaces is kept with a null title
            GenericRecord checkout = CuratedVersions.latest(lakeFs, "checkouts").get("9400");
            GenericRecord line = (GenericRecord) ((java.util.List<?>) checkout.get("line_items")).get(0);
            assertThat(line.get("title")).isNull();
            assertThat(line.get("quantity")).isEqualTo(1);
            assertThat(summary.total("checkouts").counts()).containsEntry("line_item_title_blank", 1L);
        }
    }

    // raw JSON as the shop sends it; values are JSON string contents (escapes included)

    private static String product(long id, String title, String variantTitle) {
        return ("{\"id\":%d,\"title\":\"%s\",\"handle\":\"h-%d\",\"product_type\":\"Running Shoes\",\"status\":\"active\","
                + "\"created_at\":\"2026-09-30T12:00:00Z\",\"updated_at\":\"2026-09-30T12:00:00Z\",\"variants\":[{\"id\":%d1,"
                + "\"product_id\":%d,\"title\":\"%s\",\"sku\":\"S-%d\",\"price\":\"10.00\",\"inventory_quantity\":3,"
                + "\"updated_at\":\"2026-09-30T12:00:00Z\"}]}").formatted(id, title, id, id, id, variantTitle, id);
    }

    private static String customer(long id, String email, String firstName) {
        return ("{\"id\":%d,\"email\":\"%s\",\"first_name\":\"%s\",\"last_name\":\"Test\",\"state\":\"enabled\","
                + "\"currency\":\"EUR\",\"created_at\":\"2026-09-30T12:00:00Z\",\"updated_at\":\"2026-09-30T12:00:00Z\","
                + "\"deleted_at\":null}").formatted(id, email, firstName);
    }

    private static String order(long id, long customerId, String email) {
        return ("{\"id\":%d,\"name\":\"#X%d\",\"customer\":{\"id\":%d},\"email\":\"%s\","
                + "\"created_at\":\"2026-09-30T12:00:00Z\",\"updated_at\":\"2026-09-30T12:00:00Z\",\"currency\":\"EUR\","
                + "\"total_price\":\"11.00\",\"subtotal_price\":\"10.00\",\"total_tax\":\"1.00\",\"line_items\":[]}")
                .formatted(id, id, customerId, email);
    }

    private static String checkout(long id, long customerId, String lineTitle) {
        return ("{\"id\":%d,\"customer\":{\"id\":%d},\"created_at\":\"2026-09-30T12:00:00Z\","
                + "\"updated_at\":\"2026-09-30T12:00:00Z\",\"completed_at\":null,\"currency\":\"EUR\",\"total_price\":\"10.00\","
                + "\"line_items\":[{\"product_id\":9100,\"variant_id\":91001,\"title\":\"%s\",\"quantity\":1,"
                + "\"price\":\"10.00\"}]}").formatted(id, customerId, lineTitle);
    }

    private static String str(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : v.toString();
    }
}
