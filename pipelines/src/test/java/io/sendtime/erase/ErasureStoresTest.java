package io.sendtime.erase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.PersonFields;
import io.sendtime.lake.RawSchemas;
import io.sendtime.model.PersonIds;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseErasure;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * The stores that hold personal data, listed: each must be one the erasure reaches. A table, schema or entity
 * added later with personal data fails here until it is marked (and so erased).
 */
class ErasureStoresTest {

    @TempDir
    Path dir;

    @Test
    void everyWarehouseTableWithPersonalDataIsErasedByItsIdentifyingColumns() {
        Warehouse warehouse = new Warehouse(new WarehouseSettings(dir.resolve("w.duckdb"), "256MB", 1));
        warehouse.migrate();
        Map<String, List<String>> tables = warehouse.read(h -> new TreeMap<>(WarehouseErasure.personalColumns(h)));
        assertThat(tables).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("bought_products", List.of("customer_key")),
                Map.entry("checkouts", List.of("customer_id", "customer_key", "email_sha256")),
                Map.entry("consent_statements", List.of("customer_key")),
                Map.entry("consents", List.of("customer_key")),
                Map.entry("contacts", List.of("contact_id", "customer_key", "email", "email_sha256")),
                Map.entry("customers", List.of("customer_id", "customer_key", "email", "email_sha256")),
                Map.entry("email_events", List.of("customer_key", "email_sha256")),
                Map.entry("events", List.of("customer_id", "customer_key")),
                Map.entry("order_items", List.of("customer_key")),
                Map.entry("orders", List.of("customer_id", "customer_key", "email_sha256")),
                Map.entry("profile_snapshots", List.of("customer_key", "email", "email_sha256")),
                Map.entry("profiles", List.of("customer_key", "email", "email_sha256")),
                Map.entry("render_rejections", List.of("customer_key")),
                Map.entry("segment_memberships", List.of("customer_key")),
                Map.entry("subscriptions", List.of("contact_id", "customer_key", "email", "email_sha256")),
                Map.entry("token_sets", List.of("customer_key")))));
    }

    @Test
    void everyRawAndCuratedEntityMarksTheFieldsThatIdentifyAPerson() {
        RawSchemas raw = new RawSchemas();
        Map<String, Map<String, PersonIds.Kind>> marked = new TreeMap<>();
        for (String entity : List.of("crm/contacts", "crm/subscriptions", "commerce/customers", "commerce/orders",
                "commerce/checkouts", "commerce/storefront_events", "commerce/products", "webhooks/storefront_events",
                "webhooks/email_events")) {
            String[] se = entity.split("/");
            marked.put("raw/" + entity, new PersonFields(raw.schema(se[0], se[1])).fields());
        }
        CuratedSchemas curated = new CuratedSchemas();
        for (String entity : List.of("contacts", "subscriptions", "customers", "orders", "checkouts",
                "storefront_events", "products", "email_events")) {
            marked.put("curated/" + entity, new PersonFields(curated.schema(entity)).fields());
        }
        assertThat(marked.get("raw/crm/contacts")).containsEntry("id", PersonIds.Kind.CRM)
                .containsEntry("email", PersonIds.Kind.EMAIL);
        assertThat(marked.get("raw/commerce/orders")).containsEntry("customer_id", PersonIds.Kind.COMMERCE)
                .containsEntry("email", PersonIds.Kind.EMAIL);
        assertThat(marked.get("raw/commerce/storefront_events")).containsEntry("customer_id", PersonIds.Kind.COMMERCE);
        assertThat(marked.get("curated/orders")).containsEntry("customer_key", PersonIds.Kind.CUSTOMER_KEY)
                .containsEntry("email_sha256", PersonIds.Kind.EMAIL_SHA256);
        assertThat(marked.get("raw/webhooks/email_events")).containsEntry("email", PersonIds.Kind.EMAIL)
                .containsEntry("customer_key", PersonIds.Kind.CUSTOMER_KEY);
        assertThat(marked.get("curated/email_events")).containsEntry("customer_key", PersonIds.Kind.CUSTOMER_KEY)
                .containsEntry("email_sha256", PersonIds.Kind.EMAIL_SHA256);
        assertThat(marked.get("raw/commerce/products")).as("products name no one").isEmpty();
        marked.forEach((entity, fields) -> {
            if (!entity.endsWith("products")) {
                assertThat(fields).as(entity + " marks what identifies a person").isNotEmpty();
            }
        });
    }

    @Test
    void theWarehouseFileWrittenAnewHoldsNoBytesOfDeletedRows() throws Exception {
        // given a warehouse whose pages hold a person's address uncompressed, deleted and checkpointed
        Path file = dir.resolve("bytes.duckdb");
        Warehouse warehouse = new Warehouse(new WarehouseSettings(file, "256MB", 1));
        warehouse.write(h -> {
            h.execute("PRAGMA force_compression = 'uncompressed'");
            h.execute("INSERT INTO contacts (contact_id, customer_key, email) SELECT i::VARCHAR, 'k' || i,"
                    + " 'person' || i || '@erase.example' FROM range(5000) t(i)");
            return null;
        });
        warehouse.write(h -> {
            h.execute("PRAGMA force_compression = 'uncompressed'");
            WarehouseErasure.erase(h, new PersonIds().add(PersonIds.Kind.EMAIL, "person777@erase.example"));
            return null;
        });
        warehouse.write(h -> h.execute("CHECKPOINT"));
        long left = warehouse.read(h -> h.createQuery("SELECT count(*) FROM contacts WHERE email = 'person777@erase.example'")
                .mapTo(Long.class).one());
        assertThat(left).isZero();
        assertThat(bytes(file)).as("DuckDB keeps a deleted row's bytes in its pages").contains("person777@erase.example");

        // when the file is written anew
        warehouse.rewriteFile();

        // then the bytes are gone, and the rest is still there
        assertThat(bytes(file)).doesNotContain("person777@erase.example");
        long rest = warehouse.read(h -> h.createQuery("SELECT count(*) FROM contacts").mapTo(Long.class).one());
        assertThat(rest).isEqualTo(4999);
        assertThat(warehouse.migrate()).as("the migration history came along").isZero();
    }

    private static String bytes(Path file) throws java.io.IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
