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
 * The {@code shopify} preset (GraphQL Admin API) against the sample shop: its customers and orders, read through
 * GraphQL queries, its raw schemas' paths and value mappings, and {@code sendtime.transform.inputs}, curate to
 * exactly what the same shop's REST Admin API curates to (the {@code commerce} preset): the mapping loses and
 * changes nothing.
 */
class ShopifyPresetTest {

    @TempDir
    Path dir;

    @Test
    void customersAndOrdersReadThroughGraphqlCurateToWhatTheRestApiCuratesTo() {
        Map<String, Map<String, String>> rest;
        Map<String, Map<String, String>> restOrders;
        try (SampleLake lake = new SampleLake(dir.resolve("rest"))) {
            extract(lake, "commerce");
            lake.transform();
            rest = curated(lake, "customers");
            restOrders = curated(lake, "orders");
        }
        Map<String, Map<String, String>> graphql;
        Map<String, Map<String, String>> graphqlOrders;
        TransformSummary summary;
        try (SampleLake lake = new SampleLake(dir.resolve("graphql"), Map.of(
                "sendtime.transform.inputs.customers[0]", "shopify.customers",
                "sendtime.transform.inputs.orders[0]", "shopify.orders"))) {
            SourceClients sources = lake.app.get(SourceClients.class);
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_SHOPIFY_TOKEN", lake.apis.commerceToken())));
            sources.override(sources.definition("shopify").withBaseUrl(lake.apis.baseUrl().toString()));
            extract(lake, "shopify");
            summary = lake.transform();
            // nothing quarantined: every record read through GraphQL passes the curators' rules
            assertThat(quarantined(lake.app.lakeDir())).isEmpty();
            graphql = curated(lake, "customers");
            graphqlOrders = curated(lake, "orders");
        }

        // the GraphQL Admin API lists no deleted customers (they arrive as webhooks): the REST tombstones aside,
        // every customer and every order is the same, field by field
        rest.values().removeIf(c -> "true".equals(c.get("is_deleted")));
        assertThat(rest).hasSize(98);
        assertThat(graphql).isEqualTo(rest);
        assertThat(graphqlOrders).hasSize(300).isEqualTo(restOrders);
        assertThat(summary.runs()).allSatisfy(r -> assertThat(r.failure()).isNull());
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
        var summary = lake.app.get(ExtractService.class).run(new ExtractRequest(source, List.of("customers", "orders"),
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
