package io.sendtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.samples.Dataset;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;

/**
 * The {@code crm} preset against HubSpot's CRM search contract (test resources {@code contracts/hubspot/}, written
 * from HubSpot's documentation and client package): the requests it sends, how it reads the answers, and the
 * sample CRM API answering the same requests in the same shape.
 */
class HubSpotContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2026-11-09T23:00:00.000123Z");
    private static final Instant TO = Instant.parse("2026-11-10T00:00:00Z");

    @Test
    void thePresetSendsTheDocumentedSearchRequestsAndReadsTheDocumentedAnswer() throws Exception {
        JsonNode documented = contract("search-contacts-response.json");
        JsonNode lastPage = documented.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) lastPage).remove("paging");
        try (StubApi hubspot = new StubApi()) {
            hubspot.on("/crm/v3/objects/contacts/search", (request, call) ->
                    StubApi.Response.json((call == 1 ? documented : lastPage).toString()));
            RestSourceClient client = new RestSourceClient(crmPreset().withBaseUrl(hubspot.baseUrl()),
                    SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", "pat-na1-test")));

            Page first = client.fetchPage("contacts", FROM, TO, null);
            client.fetchPage("contacts", FROM, TO, first.nextPageToken());

            // the requests: POST, JSON, the bearer token, and exactly the documented bodies
            StubApi.Request sent = hubspot.requests().get(0);
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.header("Content-Type")).isEqualTo("application/json");
            assertThat(sent.header("Authorization")).isEqualTo("Bearer pat-na1-test");
            assertThat(JSON.readTree(sent.body())).isEqualTo(contract("search-contacts-request-first.json"));
            assertThat(JSON.readTree(hubspot.requests().get(1).body()))
                    .isEqualTo(contract("search-contacts-request-next.json"));
            // the answer: the records at results, their id and cursor, and a next page
            assertThat(first.records()).hasSize(2);
            EntityDefinition contacts = client.source().entity("contacts");
            assertThat(contacts.idOf(first.records().get(1))).contains("101");
            assertThat(contacts.cursorOf(first.records().get(1))).contains(Instant.parse("2026-11-09T23:04:51.342Z"));
            assertThat(first.isLast()).isFalse();
        }
    }

    @Test
    void consentIsReadFromTheSubscriptionsTimelineOneRecordPerChange() throws Exception {
        JsonNode documented = contract("subscriptions-timeline-response.json");
        // the last page carries an offset too: hasMore says not to follow it
        JsonNode lastPage = documented.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) lastPage).put("hasMore", false).put("offset", "CK_last");
        ((com.fasterxml.jackson.databind.node.ArrayNode) lastPage.get("timeline")).remove(1);
        try (StubApi hubspot = new StubApi()) {
            hubspot.on("/email/public/v1/subscriptions/timeline", (request, call) ->
                    StubApi.Response.json((call == 1 ? documented : lastPage).toString()));
            RestSourceClient client = new RestSourceClient(crmPreset().withBaseUrl(hubspot.baseUrl()),
                    SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", "pat-na1-test")));
            java.util.List<JsonNode> records = new java.util.ArrayList<>();
            client.forEachRecord("subscriptions", FROM, TO, records::add);

            // GET with the window in epoch milliseconds (the upper bound rounded up), the page size, then the
            // documented offset; no third request although the last answer names an offset
            assertThat(hubspot.requests()).hasSize(2);
            StubApi.Request first = hubspot.requests().get(0);
            assertThat(first.method()).isEqualTo("GET");
            assertThat(first.header("Authorization")).isEqualTo("Bearer pat-na1-test");
            assertThat(first.query()).containsExactlyInAnyOrderEntriesOf(Map.of("startTimestamp", "1794265200000",
                    "endTimestamp", "1794268800000", "limit", "1000"));
            assertThat(hubspot.requests().get(1).query()).containsEntry("offset", "CK_PuKu3KBXr8LqG");
            // one record per change (1 + 3, then the bounce again), each with its timeline item under "item"
            assertThat(records).hasSize(5);
            EntityDefinition subscriptions = client.source().entity("subscriptions");
            JsonNode portal = records.get(3);
            assertThat(portal.get("changeType").asText()).isEqualTo("PORTAL_STATUS");
            assertThat(portal.at("/item/recipient").asText()).isEqualTo("tim@opas.example.com");
            assertThat(portal.has("item") && !portal.get("item").has("changes")).isTrue();
            assertThat(subscriptions.cursorOf(portal)).contains(Instant.ofEpochMilli(1794265507763L));
            // the changes of one event are told apart; an id made of an address is hashed, never the address
            assertThat(records.subList(1, 4).stream().map(r -> subscriptions.idOf(r).orElseThrow()).distinct()).hasSize(3);
            assertThat(subscriptions.idOf(portal).orElseThrow()).matches("[0-9a-f]{64}").doesNotContain("opas");

            // and the raw schema reads every change into the consent columns
            var converter = new io.sendtime.lake.RecordConverter(new io.sendtime.lake.RawSchemas().schema("crm", "subscriptions"));
            var bounce = converter.convert(records.get(0));
            // (the account id of every change is known and kept nowhere: no schema drift)
            assertThat(bounce.unknownPaths()).isEmpty();
            assertThat(bounce.record().get("_extra")).isNull();
            assertThat(bounce.record().get("email").toString()).isEqualTo("bounced.address@mail.example.com");
            assertThat(bounce.record().get("change_type").toString()).isEqualTo("PORTAL_BOUNCE");
            assertThat(bounce.record().get("status").toString()).isEqualTo("BOUNCED");
            assertThat(bounce.record().get("status_at")).isEqualTo(1794265807000_000L);
            assertThat(converter.convert(records.get(1)).record().get("subscription_id").toString()).isEqualTo("2849");
        }

        // the sample CRM answers the same requests in the same shape: every status of an address, once
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            SourceDefinition crm = crmPreset().withBaseUrl(apis.baseUrl().toString());
            EntityDefinition timeline = crm.entity("subscriptions");
            EntityDefinition small = new EntityDefinition(timeline.path(), timeline.records(), timeline.idField(),
                    timeline.cursorField(), timeline.cursorMinParam(), timeline.cursorMaxParam(), null, 7, null, null,
                    null, null, null, null, null, timeline.pagination(), timeline.explode(), timeline.cursorFormat(), null);
            RestSourceClient client = new RestSourceClient(new SourceDefinition("crm", crm.baseUrl(), crm.auth(),
                    crm.pagination(), crm.rateLimit(), crm.retry(), crm.timeouts(), crm.lookback(),
                    Map.of("subscriptions", small)), SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", apis.crmToken())));
            java.util.List<JsonNode> changes = new java.util.ArrayList<>();
            client.forEachRecord("subscriptions", Instant.EPOCH, TO, changes::add);
            // 200 statuses, 8 of contacts without an address (no recipient: not listed, as at HubSpot)
            assertThat(changes).hasSize(192);
            assertThat(changes.stream().map(r -> small.idOf(r).orElseThrow()).distinct()).hasSize(192);
            JsonNode documentedChange = contract("subscriptions-timeline-response.json").at("/timeline/1/changes/0");
            assertThat(changes).allSatisfy(c -> {
                assertThat(fieldNames(c)).isEqualTo(java.util.stream.Stream.concat(fieldNames(documentedChange).stream(),
                        java.util.stream.Stream.of("item")).sorted().toList());
                assertThat(fieldNames(c.get("item"))).containsExactly("portalId", "recipient", "timestamp");
            });
            // a window holds only its changes
            java.util.List<JsonNode> early = new java.util.ArrayList<>();
            Instant cut = Instant.parse("2025-01-01T00:00:00Z");
            client.forEachRecord("subscriptions", Instant.EPOCH, cut, early::add);
            assertThat(early).isNotEmpty().hasSizeLessThan(192).allSatisfy(c ->
                    assertThat(small.cursorOf(c).orElseThrow()).isBefore(cut));
        }
    }

    @Test
    void theSampleCrmApiAnswersTheDocumentedRequestsInTheDocumentedShape() throws Exception {
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            // the documented request, over all of the sample data
            var request = (com.fasterxml.jackson.databind.node.ObjectNode) contract("search-contacts-request-first.json");
            ((com.fasterxml.jackson.databind.node.ObjectNode) request.at("/filterGroups/0/filters/0")).put("value", "0");
            request.put("limit", 3);
            JsonNode answer = post(apis, request);

            JsonNode documented = contract("search-contacts-response.json");
            assertThat(fieldNames(answer)).isEqualTo(fieldNames(documented));
            assertThat(answer.get("total").asInt()).isEqualTo(100);
            JsonNode record = answer.at("/results/0");
            assertThat(fieldNames(record)).isEqualTo(fieldNames(documented.at("/results/0")));
            // only the properties asked for, plus HubSpot's defaults
            assertThat(fieldNames(record.get("properties"))).isSubsetOf(
                    "email", "firstname", "lastname", "phone", "city", "country", "language", "lifecyclestage",
                    "createdate", "lastmodifieddate", "hs_object_id").contains("hs_object_id", "lastmodifieddate");
            // and the next page through paging.next.after
            request.put("after", answer.at("/paging/next/after").asText());
            assertThat(post(apis, request).at("/results/0/id").asText()).isNotEqualTo(record.get("id").asText());

            // a page larger than 200 is refused, as HubSpot does
            request.put("limit", 201);
            assertThat(status(apis, request)).isEqualTo(400);
        }
    }

    @Test
    void theSampleSearchAllowsFourRequestsASecondAndTheClientKeepsToThem() throws Exception {
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.REALISTIC).clock(Clock.fixed(TO, ZoneOffset.UTC)).build())) {
            // a burst of 8 searches at once: HubSpot's secondly limit answers the ones past 4 with 429
            JsonNode request = contract("search-contacts-request-first.json");
            long refused = java.util.stream.IntStream.range(0, 8).parallel().mapToObj(i -> {
                try {
                    return send(apis, request);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter(r -> r.statusCode() == 429 && r.body().contains("RATE_LIMITS")).count();
            assertThat(refused).isGreaterThanOrEqualTo(3);

            // the preset's client (4 a second) reads 20 pages of 5 without one 429
            Thread.sleep(1_100);
            long limitedBefore = apis.stats().rateLimited();
            SourceDefinition crm = crmPreset();
            EntityDefinition contacts = crm.entity("contacts");
            EntityDefinition small = new EntityDefinition(contacts.path(), contacts.records(), contacts.idField(),
                    contacts.cursorField(), null, null, null, 5, null, null, "POST", contacts.body(), null);
            RestSourceClient client = new RestSourceClient(new SourceDefinition("crm", apis.baseUrl().toString(),
                    crm.auth(), crm.pagination(), crm.rateLimit(), crm.retry(), crm.timeouts(), crm.lookback(),
                    Map.of("contacts", small)), SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", apis.crmToken())));
            java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
            long started = System.nanoTime();
            client.forEachRecord("contacts", Instant.EPOCH, TO, r -> read.incrementAndGet());
            assertThat(read).hasValue(100);
            assertThat(apis.stats().rateLimited()).isEqualTo(limitedBefore);
            assertThat(System.nanoTime() - started).as("20 pages at 4 a second").isGreaterThan(3_500_000_000L);
        }
    }

    private static SourceDefinition crmPreset() throws Exception {
        var yaml = new YamlPropertySourceLoader().load("sources", new ClassPathResource("config/sources.yaml"));
        return SourceCatalog.bind(yaml).source("crm");
    }

    private static JsonNode contract(String name) throws Exception {
        return JSON.readTree(new ClassPathResource("contracts/hubspot/" + name).getInputStream());
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        java.util.Collections.sort(names);
        return names;
    }

    private static HttpResponse<String> send(SampleApis apis, JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apis.baseUrl() + "/crm/v3/objects/contacts/search"))
                .header("Authorization", "Bearer " + apis.crmToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode post(SampleApis apis, JsonNode body) throws Exception {
        HttpResponse<String> response = send(apis, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int status(SampleApis apis, JsonNode body) throws Exception {
        return send(apis, body).statusCode();
    }
}
