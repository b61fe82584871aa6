package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.Lake;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/**
 * The {@code shopify} preset (GraphQL Admin API) against the sample shop: its customers, orders, products (variants,
 * inventory, a price per market through aliased {@code contextualPricing}) and abandoned checkouts, read through
 * GraphQL queries, its raw schemas' paths, value mappings and gathered paths, and {@code sendtime.transform.inputs},
 * curate to exactly what the same shop's REST Admin API curates to (the {@code commerce} preset): the mapping loses
 * and changes nothing.
 */
class ShopifyPresetTest {

    @TempDir
    Path dir;

    private static final List<String> ENTITIES = List.of("customers", "orders", "products", "checkouts");
    private static final List<String> CURATED = List.of("customers", "orders", "products", "product_prices", "checkouts");

    @Test
    void theShopReadThroughGraphqlCuratesToWhatTheRestApiCuratesTo() {
        Map<String, Map<String, Map<String, String>>> rest = new TreeMap<>();
        try (SampleLake lake = new SampleLake(dir.resolve("rest"))) {
            extract(lake, "commerce");
            lake.transform();
            CURATED.forEach(entity -> rest.put(entity, curated(lake, entity)));
        }
        Map<String, Map<String, Map<String, String>>> graphql = new TreeMap<>();
        TransformSummary summary;
        try (SampleLake lake = new SampleLake(dir.resolve("graphql"), Map.of(
                "sendtime.transform.inputs.customers[0]", "shopify.customers",
                "sendtime.transform.inputs.orders[0]", "shopify.orders",
                "sendtime.transform.inputs.products[0]", "shopify.products",
                "sendtime.transform.inputs.[product_prices][0]", "shopify.products",
                "sendtime.transform.inputs.checkouts[0]", "shopify.checkouts"))) {
            SourceClients sources = lake.app.get(SourceClients.class);
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_SHOPIFY_TOKEN", lake.apis.commerceToken())));
            sources.override(sources.definition("shopify").withBaseUrl(lake.apis.baseUrl().toString()));
            extract(lake, "shopify");
            summary = lake.transform();
            // nothing quarantined: every record read through GraphQL passes the curators' rules
            assertThat(quarantined(lake.app.lakeDir())).isEmpty();
            CURATED.forEach(entity -> graphql.put(entity, curated(lake, entity)));
        }

        // the GraphQL Admin API lists no deleted customers (they arrive as webhooks): the REST tombstones aside,
        // every customer, order, product, price per currency and checkout is the same, field by field
        rest.get("customers").values().removeIf(c -> "true".equals(c.get("is_deleted")));
        assertThat(rest.get("customers")).hasSize(98);
        assertThat(rest.get("orders")).hasSize(300);
        assertThat(rest.get("products")).hasSizeGreaterThan(10);
        assertThat(rest.get("product_prices").values()).anySatisfy(p -> assertThat(p.get("prices")).contains("JPY"));
        assertThat(rest.get("checkouts")).isNotEmpty();
        for (String entity : CURATED) {
            assertThat(graphql.get(entity)).as(entity).isEqualTo(rest.get(entity));
        }
        assertThat(summary.runs()).allSatisfy(r -> assertThat(r.failure()).isNull());
    }

    @Test
    void aProductOrCheckoutWithMoreThanTheQueryAsksForIsQuarantinedNotCuratedShort() throws Exception {
        // given the preset's queries asking for at most 2 variants of a product and 1 line item of a checkout
        var yaml = new org.springframework.boot.env.YamlPropertySourceLoader().load("sources",
                new org.springframework.core.io.ClassPathResource("config/sources.yaml"));
        var preset = io.sendtime.source.SourceCatalog.bind(yaml).source("shopify");
        String products = preset.entity("products").query();
        String checkouts = preset.entity("checkouts").query();
        assertThat(products).contains("variants(first: 20)");
        assertThat(checkouts).contains("lineItems(first: 30)");
        try (SampleLake lake = new SampleLake(dir.resolve("short"), Map.of(
                "sendtime.transform.inputs.products[0]", "shopify.products",
                "sendtime.transform.inputs.checkouts[0]", "shopify.checkouts",
                "sendtime.sources.shopify.entities.products.query", products.replace("variants(first: 20)", "variants(first: 2)"),
                "sendtime.sources.shopify.entities.checkouts.query", checkouts.replace("lineItems(first: 30)", "lineItems(first: 1)")))) {
            SourceClients sources = lake.app.get(SourceClients.class);
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_SHOPIFY_TOKEN", lake.apis.commerceToken())));
            sources.override(sources.definition("shopify").withBaseUrl(lake.apis.baseUrl().toString()));
            var extracted = lake.app.get(ExtractService.class).run(new ExtractRequest("shopify",
                    List.of("products", "checkouts"), null, null, false));
            assertThat(extracted.succeeded()).as("%s", extracted.failure()).isTrue();
            TransformSummary summary = lake.transform();

            // then the products with 3 or more variants and the checkouts with 2 or more lines are quarantined with
            // the reason, and counted; the others are curated whole
            Map<String, Map<String, String>> curatedProducts = curated(lake, "products");
            Map<String, Map<String, String>> curatedCheckouts = curated(lake, "checkouts");
            assertThat(curatedProducts).isNotEmpty().allSatisfy((id, p) ->
                    assertThat(p.get("variants").split("variant_id").length - 1).isLessThanOrEqualTo(2));
            assertThat(curatedCheckouts).isNotEmpty().allSatisfy((id, c) ->
                    assertThat(c.get("line_items").split("product_id").length - 1).isEqualTo(1));
            List<String> quarantine = quarantined(lake.app.lakeDir());
            assertThat(String.join("\n", quarantine))
                    .contains("more variants than the source's query asks for (variants first:)")
                    .contains("more line items than the source's query asks for (lineItems first:)");
            for (String entity : List.of("products", "checkouts")) {
                var total = summary.total(entity);
                assertThat(total.quarantined()).as(entity).isPositive();
                // nothing dropped silently: every record read is curated or quarantined
                assertThat(total.written() + total.quarantined()).as(entity).isEqualTo(total.read());
            }
        }
    }

    private static List<String> quarantined(Path lakeDir) {
        Path quarantine = lakeDir.resolve("quarantine");
        if (!java.nio.file.Files.exists(quarantine)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.walk(quarantine)) {
            return files.filter(java.nio.file.Files::isRegularFile).flatMap(f -> {
                try {
                    return java.nio.file.Files.readAllLines(f).stream().limit(2);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void extract(SampleLake lake, String source) {
        var summary = lake.app.get(ExtractService.class).run(new ExtractRequest(source, ENTITIES,
                null, null, false));
        assertThat(summary.succeeded()).as("extract of %s: %s", source, summary.failure()).isTrue();
    }

    /** The curated entity's current records by key, each field as text, without the lineage columns. */
    private static Map<String, Map<String, String>> curated(SampleLake lake, String entity) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        CuratedVersions.latest(lake.app.get(Lake.class), entity).forEach((key, record) -> out.put(key, fields(record)));
        return out;
    }

    private static Map<String, String> fields(GenericRecord record) {
        Map<String, String> fields = new TreeMap<>();
        record.getSchema().getFields().stream()
                .filter(f -> !List.of(CuratedSchemas.RAW_RUN_ID, CuratedSchemas.EXTRACTED_AT, CuratedSchemas.TRANSFORM_RUN_ID)
                        .contains(f.name()))
                .forEach(f -> fields.put(f.name(), String.valueOf(record.get(f.name()))));
        return fields;
    }
}
