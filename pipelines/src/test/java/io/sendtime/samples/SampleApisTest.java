package io.sendtime.samples;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleApisTest {

    static final Path SAMPLES = Path.of("..", "data-samples");
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    SampleApis apis;
    ApiClient client;

    void start(SampleApiOptions.Builder options) {
        apis = SampleApis.start(options.clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
        client = new ApiClient(apis);
    }

    void startSamples() {
        start(SampleApiOptions.builder().dataset(Dataset.directory(SAMPLES)).rateLimit(RateLimit.GENEROUS));
    }

    @AfterEach
    void stop() {
        if (apis != null) {
            apis.close();
        }
    }

    static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.get("id").asText()).collect(Collectors.toList());
    }

    static List<String> fileIds(Entity e) throws Exception {
        return Files.readAllLines(SAMPLES.resolve(e.file())).stream()
                .map(l -> {
                    try {
                        return ApiClient.MAPPER.readTree(l).get("id").asText();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }).collect(Collectors.toList());
    }

    @Test
    void crmPagingWalksEveryContactOnceInOrder() throws Exception {
        // given
        startSamples();

        // when
        List<JsonNode> contacts = client.walkCrm("/crm/v3/objects/contacts?limit=7");
        List<JsonNode> subscriptions = client.walkCrm("/communication-preferences/v3/subscriptions?limit=100");

        // then
        assertThat(ids(contacts)).containsExactlyElementsOf(fileIds(Entity.CONTACTS));
        assertThat(ids(subscriptions)).containsExactlyElementsOf(fileIds(Entity.SUBSCRIPTIONS));
        assertThat(contacts.get(0).at("/properties/lastmodifieddate").asText()).isEqualTo(contacts.get(0).get("updatedAt").asText());
    }

    @Test
    void commercePagingWalksEveryRecordOnceInOrder() throws Exception {
        // given
        startSamples();

        for (Entity e : List.of(Entity.CUSTOMERS, Entity.ORDERS, Entity.PRODUCTS, Entity.CHECKOUTS, Entity.STOREFRONT_EVENTS)) {
            // when
            List<JsonNode> records = client.walkCommerce(e.path() + "?limit=" + (e == Entity.STOREFRONT_EVENTS ? 250 : 13), e.listKey());

            // then
            assertThat(ids(records)).as(e.name()).containsExactlyElementsOf(fileIds(e));
        }
    }

    @Test
    void defaultLimitsAndLimitsOverTheMaximum() {
        // given
        startSamples();

        // when / then
        assertThat(ApiClient.json(client.crm("/crm/v3/objects/contacts")).get("results").size()).isEqualTo(10);
        assertThat(ApiClient.json(client.commerce("/admin/api/2024-10/orders.json")).get("orders").size()).isEqualTo(50);
        HttpResponse<String> crm = client.crm("/crm/v3/objects/contacts?limit=101");
        assertThat(crm.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(crm).get("status").asText()).isEqualTo("error");
        assertThat(client.commerce("/admin/api/2024-10/orders.json?limit=251").statusCode()).isEqualTo(400);
        assertThat(client.commerce("/admin/api/2024-10/orders.json?limit=250").statusCode()).isEqualTo(200);
    }

    @Test
    void pageInfoWithAFilterIsRejectedLikeShopify() {
        // given
        startSamples();
        HttpResponse<String> first = client.commerce("/admin/api/2024-10/orders.json?limit=5");
        String link = first.headers().firstValue("Link").orElseThrow();
        String pageInfo = link.substring(link.indexOf("page_info=") + 10, link.indexOf('>'));

        // when
        HttpResponse<String> mixed = client.commerce("/admin/api/2024-10/orders.json?page_info=" + pageInfo
                + "&updated_at_min=2024-01-01T00:00:00Z");
        HttpResponse<String> wrongFeed = client.commerce("/admin/api/2024-10/customers.json?page_info=" + pageInfo);

        // then
        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(mixed).has("errors")).isTrue();
        assertThat(wrongFeed.statusCode()).isEqualTo(400);
    }

    @Test
    void crmFiltersAreInclusiveBelowAndExclusiveAbove() throws Exception {
        // given
        startSamples();
        List<JsonNode> all = client.walkCrm("/crm/v3/objects/contacts?limit=100");
        String from = all.get(10).get("updatedAt").asText();
        String to = all.get(20).get("updatedAt").asText();

        // when
        List<JsonNode> range = client.walkCrm("/crm/v3/objects/contacts?limit=3&lastmodifieddate_gte=" + from
                + "&lastmodifieddate_lt=" + to);

        // then
        assertThat(ids(range)).containsExactlyElementsOf(ids(all.subList(10, 20)));
    }

    @Test
    void commerceFiltersAreInclusiveAtBothEnds() throws Exception {
        // given
        startSamples();
        List<JsonNode> all = client.walkCommerce("/admin/api/2024-10/orders.json?limit=250", "orders");
        String min = all.get(30).get("updated_at").asText();
        String max = all.get(60).get("updated_at").asText();
        String events = "/sample-feed/storefront_events.json";
        List<JsonNode> allEvents = client.walkCommerce(events + "?limit=250", "storefront_events");

        // when
        List<JsonNode> range = client.walkCommerce("/admin/api/2024-10/orders.json?limit=4&updated_at_min="
                + java.net.URLEncoder.encode(min, "UTF-8") + "&updated_at_max=" + java.net.URLEncoder.encode(max, "UTF-8"), "orders");
        List<JsonNode> eventRange = client.walkCommerce(events + "?limit=50&created_at_min="
                + allEvents.get(100).get("created_at").asText() + "&created_at_max=" + allEvents.get(199).get("created_at").asText(),
                "storefront_events");

        // then
        assertThat(ids(range)).containsExactlyElementsOf(ids(all.subList(30, 61)));
        assertThat(ids(eventRange)).containsExactlyElementsOf(ids(allEvents.subList(100, 200)));
    }

    @Test
    void wrongOrMissingCredentialsGet401() {
        // given
        startSamples();

        // when
        HttpResponse<String> crm = client.get("/crm/v3/objects/contacts", "Authorization", "Bearer nope");
        HttpResponse<String> crmMissing = client.get("/crm/v3/objects/contacts");
        HttpResponse<String> shop = client.get("/admin/api/2024-10/orders.json", "X-Shopify-Access-Token", "nope");
        HttpResponse<String> crossed = client.get("/admin/api/2024-10/orders.json", "X-Shopify-Access-Token", apis.crmToken());

        // then
        assertThat(crm.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(crm).get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(crmMissing.statusCode()).isEqualTo(401);
        assertThat(shop.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(shop).get("errors").asText()).startsWith("[API] Invalid API key or access token");
        assertThat(crossed.statusCode()).isEqualTo(401);
        assertThat(apis.stats().unauthorized()).isEqualTo(4);
    }

    @Test
    void aFullBucketAnswers429WithRetryAfter() {
        // given
        start(SampleApiOptions.builder().dataset(Dataset.directory(SAMPLES)).rateLimit(new RateLimit(3, 0.5)));

        // when
        List<HttpResponse<String>> responses = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> client.commerce("/admin/api/2024-10/products.json?limit=1")).toList();

        // then
        assertThat(responses.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses.get(0).headers().firstValue("X-Shopify-Shop-Api-Call-Limit")).contains("1/3");
        HttpResponse<String> refused = responses.get(3);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Double.parseDouble(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(0.1, 2.0);
        assertThat(refused.headers().firstValue("X-Shopify-Shop-Api-Call-Limit")).contains("3/3");
        assertThat(ApiClient.json(refused).get("errors").asText()).startsWith("Exceeded");
        assertThat(apis.stats().rateLimited()).isEqualTo(1);
        // the CRM has no bucket
        assertThat(client.crm("/crm/v3/objects/contacts").statusCode()).isEqualTo(200);
    }

    @Test
    void eachFaultIsObservableAndThenGoesAway() {
        // given
        startSamples();
        String orders = "/admin/api/2024-10/orders.json?limit=20";
        String contacts = "/crm/v3/objects/contacts?limit=20";

        // when / then: 429 burst on one path only
        apis.faults().rateLimitBurst(2, Duration.ofSeconds(1), "/admin/");
        assertThat(client.crm(contacts).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = client.commerce(orders);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("1.0");
        assertThat(client.commerce(orders).statusCode()).isEqualTo(429);
        assertThat(client.commerce(orders).statusCode()).isEqualTo(200);

        // 5xx
        apis.faults().serverError(503, 1, null);
        assertThat(client.crm(contacts).statusCode()).isEqualTo(503);
        assertThat(client.crm(contacts).statusCode()).isEqualTo(200);

        // slow
        apis.faults().slow(Duration.ofMillis(400), 1, null);
        long t0 = System.nanoTime();
        assertThat(client.commerce(orders).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        // dropped connection (twice: java.net.http retries an idempotent GET once on a reused connection)
        apis.faults().dropConnection(2, null);
        assertThatThrownBy(() -> client.commerce(orders)).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(client.commerce(orders).statusCode()).isEqualTo(200);

        // truncated JSON
        apis.faults().truncateBody(1, "/crm/");
        HttpResponse<String> truncated = client.crm(contacts);
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> ApiClient.json(truncated)).isInstanceOf(AssertionError.class);
        assertThat(ApiClient.json(client.crm(contacts)).get("results").size()).isEqualTo(20);

        // down until switched off
        apis.faults().down(true);
        assertThatThrownBy(() -> client.crm(contacts)).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> client.commerce(orders)).hasRootCauseInstanceOf(java.io.IOException.class);
        apis.faults().down(false);
        assertThat(client.crm(contacts).statusCode()).isEqualTo(200);

        assertThat(apis.faults().fired(Faults.Kind.RATE_LIMIT)).isEqualTo(2);
        assertThat(apis.faults().fired(Faults.Kind.DROP_CONNECTION)).isEqualTo(2);
        assertThat(apis.faults().fired(Faults.Kind.DOWN)).isBetween(2L, 4L);
        assertThat(apis.stats().faulted()).isEqualTo(apis.faults().firedTotal());
        assertThat(apis.requestCount()).isGreaterThanOrEqualTo(17);
    }

    @Test
    void churnShowsUpAsDeltasAndNeverInTheFuture() throws Exception {
        // given
        startSamples();
        String orders = "/admin/api/2024-10/orders.json";
        List<JsonNode> before = client.walkCommerce(orders + "?limit=250", "orders");
        apis.store().advanceClock(Duration.ofHours(1));
        Instant now = apis.store().now();
        Instant watermark = now.minus(Duration.ofMinutes(10));

        // when
        List<Change> changes = apis.store().churn(Entity.ORDERS,
                Churn.of(3, 5, 2).withTies(25).withLate(4, Duration.ofHours(6)));
        List<JsonNode> after = client.walkCommerce(orders + "?limit=250", "orders");
        List<JsonNode> delta = client.walkCommerce(orders + "?limit=10&updated_at_min=" + watermark, "orders");

        // then
        assertThat(changes).hasSize(3 + 5 + 2 + 25 + 4);
        assertThat(changes).allSatisfy(c -> assertThat(c.at()).isBeforeOrEqualTo(now));
        assertThat(after).hasSize(before.size() + 3);
        assertThat(ids(after)).doesNotHaveDuplicates();
        assertThat(changes.stream().filter(c -> c.at().equals(changes.get(10).at()))).hasSize(25);
        List<String> recent = changes.stream().filter(c -> !c.at().isBefore(watermark)).map(Change::id).toList();
        assertThat(ids(delta)).containsExactlyInAnyOrderElementsOf(recent).hasSize(3 + 5 + 2 + 25);
        assertThat(delta).allSatisfy(o -> assertThat(java.time.OffsetDateTime.parse(o.get("updated_at").asText()).toInstant())
                .isBeforeOrEqualTo(now));
        List<String> late = changes.subList(35, 39).stream().map(Change::id).toList();
        assertThat(changes.subList(35, 39)).allSatisfy(c -> assertThat(c.at()).isBefore(now.minus(Duration.ofHours(6)).plusSeconds(1)));
        assertThat(ids(delta)).doesNotContainAnyElementsOf(late);
        assertThat(delta.stream().filter(o -> changes.subList(8, 10).stream().anyMatch(c -> c.id().equals(o.get("id").asText()))))
                .allSatisfy(o -> assertThat(o.get("financial_status").asText()).isEqualTo("voided"));
    }

    @Test
    void tiedTimestampsStraddlingPageBoundariesArePagedExactlyOnce() throws Exception {
        // given
        startSamples();
        List<Change> ties = apis.store().churn(Entity.CONTACTS, Churn.of(0, 0, 0).withTies(37));
        String at = Timestamps.utcMillis(Timestamps.micros(ties.get(0).at()));

        // when
        List<JsonNode> crm = client.walkCrm("/crm/v3/objects/contacts?limit=10&lastmodifieddate_gte=" + at);
        List<Change> shopTies = apis.store().churn(Entity.CUSTOMERS, Churn.of(0, 0, 0).withTies(23));
        List<JsonNode> shop = client.walkCommerce("/admin/api/2024-10/customers.json?limit=5&updated_at_min="
                + shopTies.get(0).at(), "customers");

        // then
        assertThat(crm).hasSize(37).allSatisfy(c -> assertThat(c.get("updatedAt").asText()).isEqualTo(at));
        assertThat(ids(crm)).containsExactlyInAnyOrderElementsOf(ties.stream().map(Change::id).toList())
                .isSortedAccordingTo(SortKey::compareIds);
        assertThat(ids(shop)).containsExactlyInAnyOrderElementsOf(shopTies.stream().map(Change::id).toList());
    }

    @Test
    void injectedRawRecordsAreServedVerbatimAtTheirKey() {
        // given
        startSamples();
        Instant at = NOW.minusSeconds(5);
        apis.store().inject(Entity.CUSTOMERS, at, "zzz", "{\"email\":\"no-id@example.com\",\"updated_at\":\"" + at
                + "\",\"created_at\":\"yesterday\",\"tags\":42,\"brand_new_field\":{\"x\":1}}");

        // when
        JsonNode page = ApiClient.json(client.commerce("/admin/api/2024-10/customers.json?updated_at_min=" + at.minusSeconds(1)));

        // then
        assertThat(page.get("customers")).hasSize(1);
        JsonNode record = page.get("customers").get(0);
        assertThat(record.has("id")).isFalse();
        assertThat(record.get("tags").isInt()).isTrue();
        assertThat(record.get("created_at").asText()).isEqualTo("yesterday");
    }

    @Test
    void unknownPathsAndBadTimestampsAreClientErrors() {
        // given
        startSamples();

        // when / then
        assertThat(client.crm("/crm/v3/objects/deals").statusCode()).isEqualTo(404);
        assertThat(client.crm("/crm/v3/objects/contacts?lastmodifieddate_gte=notatime").statusCode()).isEqualTo(400);
        assertThat(client.crm("/crm/v3/objects/contacts?after=garbage").statusCode()).isEqualTo(400);
        assertThat(client.commerce("/admin/api/2024-10/orders.json?updated_at_min=2024-13-01").statusCode()).isEqualTo(400);
    }
}
