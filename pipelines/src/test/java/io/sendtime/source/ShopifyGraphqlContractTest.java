package io.sendtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.lake.RawSchemas;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.QueryCostLimit;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;

/**
 * The {@code shopify} preset (a GraphQL source) against Shopify's GraphQL Admin API contract (test resources {@code contracts/shopify/}): the
 * query and variables it sends, cursor pages through {@code pageInfo}, GraphQL errors, cost-based throttling
 * honored from {@code extensions.cost}; and the sample commerce API's GraphQL endpoint answering in the same shape.
 */
class ShopifyGraphqlContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2026-11-09T23:00:00.5Z");
    private static final Instant TO = Instant.parse("2026-11-10T00:00:00Z");
    private static final String TOKEN_ENV = "SENDTIME_SHOPIFY_TOKEN";

    @Test
    void theSourceSendsTheDocumentedQueryAndReadsTheDocumentedAnswer() throws Exception {
        JsonNode documented = contract("customers-response.json");
        JsonNode lastPage = documented.deepCopy();
        ((ObjectNode) lastPage.at("/data/customers/pageInfo")).put("hasNextPage", false).putNull("endCursor");
        try (StubApi shopify = new StubApi()) {
            shopify.on("/admin/api/2025-10/graphql.json",
                    (request, call) -> StubApi.Response.json((call == 1 ? documented : lastPage).toString()));
            RestSourceClient client = new RestSourceClient(source().withBaseUrl(shopify.baseUrl()),
                    SecretResolver.of(Map.of(TOKEN_ENV, "shpat_test")));

            Page first = client.fetchPage("customers", FROM, TO, null);
            Page next = client.fetchPage("customers", FROM, TO, first.nextPageToken());

            // a POST of the query document and the documented variables, with the access token header
            StubApi.Request sent = shopify.requests().get(0);
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.header("X-Shopify-Access-Token")).isEqualTo("shpat_test");
            JsonNode body = JSON.readTree(sent.body());
            assertThat(body.get("query").asText()).isEqualTo(source().entity("customers").query());
            assertThat(body.get("variables")).isEqualTo(((ObjectNode) contract("customers-request-first-variables.json")));
            assertThat(JSON.readTree(shopify.requests().get(1).body()).get("variables"))
                    .isEqualTo(contract("customers-request-next-variables.json"));
            // the records at data.customers.nodes, their id and cursor, the next page from pageInfo
            assertThat(first.records()).hasSize(1);
            EntityDefinition customers = client.source().entity("customers");
            assertThat(customers.idOf(first.records().get(0))).contains("gid://shopify/Customer/207119551");
            assertThat(customers.cursorOf(first.records().get(0))).contains(Instant.parse("2026-11-09T23:12:45Z"));
            assertThat(first.nextPageToken()).isEqualTo(documented.at("/data/customers/pageInfo/endCursor").asText());
            assertThat(next.isLast()).isTrue();
        }
    }

    @Test
    void aThrottledAnswerIsWaitedOutAndAGraphqlErrorStopsWithTheSourcesMessage() throws Exception {
        String throttled = contract("customers-throttled.json").toString();
        String page = contract("customers-response.json").toString().replace("\"hasNextPage\":true", "\"hasNextPage\":false");
        try (StubApi shopify = new StubApi()) {
            shopify.on("/admin/api/2025-10/graphql.json",
                    (request, call) -> StubApi.Response.json(call == 1 ? throttled : page));
            RestSourceClient client = new RestSourceClient(source().withBaseUrl(shopify.baseUrl()),
                    SecretResolver.of(Map.of(TOKEN_ENV, "shpat_test")));

            // THROTTLED with 12 of the 502 it costs available, restoring 100 a second: tried again after ~4.9 s
            long started = System.nanoTime();
            Page answered = client.fetchPage("customers", FROM, TO, null);
            assertThat(answered.records()).hasSize(1);
            assertThat(answered.httpAttempts()).isEqualTo(2);
            assertThat((System.nanoTime() - started) / 1e9).isBetween(4.8, 7.0);
        }
        try (StubApi shopify = new StubApi()) {
            shopify.on("/admin/api/2025-10/graphql.json", (request, call) -> StubApi.Response.json("""
                    {"errors":[{"message":"Field 'favouriteColor' doesn't exist on type 'Customer'",
                      "locations":[{"line":5,"column":7}],"path":["query Customers","customers","nodes","favouriteColor"],
                      "extensions":{"code":"undefinedField","typeName":"Customer","fieldName":"favouriteColor"}}]}"""));
            RestSourceClient client = new RestSourceClient(source().withBaseUrl(shopify.baseUrl()),
                    SecretResolver.of(Map.of(TOKEN_ENV, "shpat_test")));
            assertThatThrownBy(() -> client.fetchPage("customers", FROM, TO, null))
                    .isInstanceOf(SourceProtocolException.class)
                    .hasMessageContaining("source 'shopify' answered a GraphQL error for customers")
                    .hasMessageContaining("Field 'favouriteColor' doesn't exist on type 'Customer'")
                    .hasMessageContaining("sendtime.sources.shopify.entities.customers.query");
        }
    }

    @Test
    void theSampleCommerceApiAnswersTheQueryInTheDocumentedShape() throws Exception {
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            SourceDefinition shopify = source().withBaseUrl(apis.baseUrl().toString());
            RestSourceClient client = new RestSourceClient(shopify,
                    SecretResolver.of(Map.of(TOKEN_ENV, apis.commerceToken())));
            List<JsonNode> customers = new ArrayList<>();
            client.forEachRecord("customers", Instant.EPOCH, TO, customers::add);

            // every customer but the two deleted ones (the GraphQL Admin API lists no deleted customers), once
            assertThat(customers).hasSize(98);
            assertThat(customers.stream().map(c -> c.get("id").asText()).distinct()).hasSize(98);
            // in the documented shape: the same fields, ids as GIDs, enums in capitals
            JsonNode documented = contract("customers-response.json").at("/data/customers/nodes/0");
            assertThat(fieldNames(customers.get(0))).isSubsetOf(fieldNames(documented)).contains("id", "updatedAt",
                    "defaultEmailAddress");
            assertThat(customers.get(0).get("id").asText()).startsWith("gid://shopify/Customer/");
            assertThat(customers).anySatisfy(c -> assertThat(c.at("/defaultEmailAddress/marketingState").asText())
                    .isEqualTo("SUBSCRIBED"));
            // the search filter applies: a window holds only its customers
            Instant cut = Instant.parse("2024-06-01T00:00:00Z");
            List<JsonNode> early = new ArrayList<>();
            client.forEachRecord("customers", Instant.EPOCH, cut, early::add);
            assertThat(early).isNotEmpty().hasSizeLessThan(98).allSatisfy(c ->
                    assertThat(Instant.parse(c.get("updatedAt").asText())).isBefore(cut));
        }
    }

    @Test
    void productsAndAbandonedCheckoutsAreReadInTheDocumentedShapeAndConvertedByTheirRawSchemas() throws Exception {
        RawSchemas raw = new RawSchemas();
        for (String entity : List.of("products", "checkouts")) {
            JsonNode documented = contract(entity + "-response.json");
            try (StubApi shopify = new StubApi()) {
                shopify.on("/admin/api/2025-10/graphql.json", (request, call) -> StubApi.Response.json(documented.toString()));
                RestSourceClient client = new RestSourceClient(source().withBaseUrl(shopify.baseUrl()),
                        SecretResolver.of(Map.of(TOKEN_ENV, "shpat_test")));
                Page page = client.fetchPage(entity, FROM, TO, null);

                // the preset's query with the documented variables; the records where the documentation has them
                JsonNode body = JSON.readTree(shopify.requests().get(0).body());
                assertThat(body.get("query").asText()).isEqualTo(source().entity(entity).query());
                assertThat(body.get("variables")).isEqualTo(((ObjectNode) contract("customers-request-first-variables.json"))
                        .deepCopy().put("first", source().pageSizeOf(entity)));
                assertThat(page.records()).hasSize(1);
                assertThat(page.isLast()).isTrue();
                // every field the raw schema reads is in the documented answer: nothing left unknown in _extra
                var converted = new io.sendtime.lake.RecordConverter(raw.schema("shopify", entity)).convert(page.records().get(0));
                assertThat(converted.unknownPaths()).as(entity).isEmpty();
                var record = converted.record();
                if (entity.equals("products")) {
                    assertThat(record.get("id")).isEqualTo(108828309L);
                    assertThat(record.get("status").toString()).isEqualTo("active");
                    assertThat(record.get("tags").toString()).isEqualTo("bestseller, trail");
                    var variant = (org.apache.avro.generic.GenericRecord) ((List<?>) record.get("variants")).get(0);
                    assertThat(variant.get("inventory_quantity")).isEqualTo(17L);
                    assertThat(variant.get("compare_at_price").toString()).isEqualTo("149.00");
                    // the aliased contextualPricing objects, one per market, gathered into the prices per currency
                    assertThat(((List<?>) variant.get("presentment_prices")).stream()
                            .map(p -> ((org.apache.avro.generic.GenericRecord) p).get("price_currency") + " "
                                    + ((org.apache.avro.generic.GenericRecord) p).get("price_amount") + " "
                                    + ((org.apache.avro.generic.GenericRecord) p).get("compare_at_amount")))
                            .containsExactly("USD 129.0 149.0", "CAD 179.99 205.99", "EUR 119.99 null",
                                    "GBP 104.99 null", "JPY 19800.0 null");
                } else {
                    assertThat(record.get("id")).isEqualTo(450789469L);
                    assertThat(record.get("customer_id")).isEqualTo(207119551L);
                    assertThat(record.get("email").toString()).isEqualTo("bob.norman@mail.example.com");
                    assertThat(record.get("currency").toString()).isEqualTo("CAD");
                    assertThat(record.get("line_items_truncated")).isEqualTo(false);
                    var line = (org.apache.avro.generic.GenericRecord) ((List<?>) record.get("line_items")).get(0);
                    assertThat(line.get("variant_id")).isEqualTo(43729076L);
                    assertThat(line.get("price").toString()).isEqualTo("179.99");
                }
            }
        }
        // and the sample commerce API answers the same queries in the same shape
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            RestSourceClient client = new RestSourceClient(source().withBaseUrl(apis.baseUrl().toString()),
                    SecretResolver.of(Map.of(TOKEN_ENV, apis.commerceToken())));
            for (String entity : List.of("products", "checkouts")) {
                List<JsonNode> records = new ArrayList<>();
                client.forEachRecord(entity, Instant.EPOCH, TO, records::add);
                JsonNode documented = contract(entity + "-response.json")
                        .at(entity.equals("products") ? "/data/products/nodes/0" : "/data/abandonedCheckouts/nodes/0");
                assertThat(records).as(entity).isNotEmpty().allSatisfy(r -> assertThat(fieldNames(r))
                        .containsExactlyElementsOf(fieldNames(documented)));
                assertThat(records.stream().map(r -> r.get("id").asText()).distinct()).hasSameSizeAs(records);
            }
        }
    }

    @Test
    void withTheBucketNearlyEmptyTheExtractRunsAtTheRestoreRateAndNeverFails() throws Exception {
        // a bucket of 1,000 with 10 left, restoring 100 a second
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).queryCost(new QueryCostLimit(1_000, 100, 10))
                .clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            RestSourceClient client = pagesOf10(source().withBaseUrl(apis.baseUrl().toString()), apis);

            List<JsonNode> read = new ArrayList<>();
            int requests = 0;
            long started = System.nanoTime();
            String token = null;
            do {
                Page page = client.fetchPage("customers", Instant.EPOCH, TO, token);
                read.addAll(page.records());
                requests += page.httpAttempts();
                token = page.nextPageToken();
            } while (token != null);
            double took = (System.nanoTime() - started) / 1e9;

            // then every customer is read, and it took the least the bucket allows, within 10 %: what the pages
            // cost, less what was in the bucket, at the restore rate
            assertThat(read).hasSize(98);
            // waiting before each query for what it costs, not into THROTTLED: only the first query, whose cost
            // nobody knew, may have been throttled
            assertThat(requests).isLessThanOrEqualTo(11);
            double perNode = 5; // a customer and its 4 objects (email address, phone, address, amount spent)
            int pages = 10;
            double cost = pages * 2 + read.size() * perNode;
            double least = (cost - 10) / 100;
            assertThat(took).as("%.2f s for %.0f points at 100 a second (least %.2f s)", took, cost, least)
                    .isBetween(least * 0.95, least * 1.10);
        }
    }

    @Test
    void twoReadersOfOneBudgetReserveItSoTheyDoNotRunIntoThrottledTogether() throws Exception {
        // a bucket of 1,000 with 10 left, restoring 100 a second, and two threads reading halves of the customers
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).queryCost(new QueryCostLimit(1_000, 100, 10))
                .clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            RestSourceClient client = pagesOf10(source().withBaseUrl(apis.baseUrl().toString()), apis);
            Instant middle = Instant.parse("2025-01-01T00:00:00Z");
            var halves = List.of(new Instant[] {Instant.EPOCH, middle}, new Instant[] {middle, TO}).parallelStream()
                    .map(half -> {
                        int[] pagesAndRequests = new int[3];
                        String token = null;
                        do {
                            Page page = client.fetchPage("customers", half[0], half[1], token);
                            pagesAndRequests[0]++;
                            pagesAndRequests[1] += page.httpAttempts();
                            pagesAndRequests[2] += page.records().size();
                            token = page.nextPageToken();
                        } while (token != null);
                        return pagesAndRequests;
                    }).toList();

            // then all are read, and past the first query (whose cost nobody knew) none was throttled: each reader
            // reserved what its query costs before sending it
            assertThat(halves.stream().mapToInt(h -> h[2]).sum()).isEqualTo(98);
            int pages = halves.stream().mapToInt(h -> h[0]).sum();
            assertThat(halves.stream().mapToInt(h -> h[1]).sum()).isLessThanOrEqualTo(pages + 2);
        }
    }

    private static RestSourceClient pagesOf10(SourceDefinition shopify, SampleApis apis) {
        EntityDefinition customers = shopify.entity("customers");
        EntityDefinition pagesOf10 = new EntityDefinition(customers.path(), customers.records(), customers.idField(),
                customers.cursorField(), null, null, null, 10, null, null, null, null, null, customers.query(),
                customers.variables());
        return new RestSourceClient(new SourceDefinition("shopify", shopify.baseUrl(), shopify.auth(),
                shopify.pagination(), shopify.rateLimit(), shopify.retry(), shopify.timeouts(), shopify.lookback(),
                Map.of("customers", pagesOf10)), SecretResolver.of(Map.of(TOKEN_ENV, apis.commerceToken())));
    }

    private static SourceDefinition source() throws Exception {
        var yaml = new YamlPropertySourceLoader().load("sources", new ClassPathResource("config/sources.yaml"));
        return SourceCatalog.bind(yaml).source("shopify");
    }

    private static JsonNode contract(String name) throws Exception {
        return JSON.readTree(new ClassPathResource("contracts/shopify/" + name).getInputStream());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        java.util.Collections.sort(names);
        return names;
    }
}
