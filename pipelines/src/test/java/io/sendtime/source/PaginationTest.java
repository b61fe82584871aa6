package io.sendtime.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sendtime.source.TestSources.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaginationTest {

    private static final Instant FROM = Instant.parse("2026-10-01T10:00:00.456789Z");
    private static final Instant TO = Instant.parse("2026-10-01T11:00:00Z");
    private static final int TOTAL = 8;

    private final StubApi api = new StubApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void cursorInBodyWalksEveryRecordOnceAndReplaysAStoredCursor() {
        // given 8 records, 3 per page, the next cursor at paging.next.after
        api.on("/items", (request, call) -> {
            int start = Integer.parseInt(request.query().getOrDefault("after", "0"));
            int end = Math.min(TOTAL, start + 3);
            String paging = end < TOTAL ? "\"paging\":{\"next\":{\"after\":\"" + end + "\"}}" : null;
            return StubApi.Response.json(results(start, end, paging));
        });
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when
        List<String> tokens = new ArrayList<>();
        List<String> ids = walk(client, tokens);

        // then
        assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(tokens).containsExactly("3", "6");
        assertThat(ids(client.fetchPage("items", FROM, TO, "3"))).as("stored cursor fetches the same page").containsExactly("3", "4", "5");
        assertThat(api.requests().get(1).query())
                .as("filters are kept alongside the cursor")
                .containsEntry("after", "3").containsEntry("updated_gte", "2026-10-01T10:00:00.456789Z").containsEntry("limit", "3");
    }

    @Test
    void linkHeaderFollowsTheNextLinkVerbatimAndReplaysAStoredUrl() {
        // given a Shopify-style server whose next link carries only limit and page_info
        api.on("/items", (request, call) -> {
            String pageInfo = request.query().get("page_info");
            int start = pageInfo == null ? 0 : Integer.parseInt(pageInfo.substring("p".length()));
            int end = Math.min(TOTAL, start + 3);
            StubApi.Response response = StubApi.Response.json(results(start, end, null));
            String previous = "<" + api.baseUrl() + "/items?limit=3&page_info=prev>; rel=\"previous\"";
            return end < TOTAL
                    ? response.withHeader("Link", previous + ", <" + api.baseUrl() + "/items?limit=3&page_info=p" + end + ">; rel=\"next\"")
                    : response.withHeader("Link", previous);
        });
        SourceDefinition source = TestSources.source(api.baseUrl(), AuthDefinition.header("X-Shopify-Access-Token", TestSources.TOKEN_ENV),
                PaginationDefinition.linkHeader(3));
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when
        List<String> tokens = new ArrayList<>();
        List<String> ids = walk(client, tokens);

        // then
        assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(tokens).containsExactly(api.baseUrl() + "/items?limit=3&page_info=p3", api.baseUrl() + "/items?limit=3&page_info=p6");
        List<StubApi.Request> requests = api.requests();
        assertThat(requests.get(0).query()).containsOnlyKeys("limit", "updated_gte", "updated_lt");
        assertThat(requests.get(1).rawQuery()).as("the next link is sent as is, without filters").isEqualTo("limit=3&page_info=p3");
        assertThat(requests.get(1).header("X-Shopify-Access-Token")).isEqualTo(TestSources.TOKEN);
        assertThat(ids(client.fetchPage("items", FROM, TO, tokens.get(1)))).containsExactly("6", "7");
    }

    @Test
    void linkHeaderRefusesToSendCredentialsToAnotherHost() {
        // given
        SourceDefinition source = TestSources.source(api.baseUrl(), AuthDefinition.bearer(TestSources.TOKEN_ENV), PaginationDefinition.linkHeader(3));
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, "http://evil.example/items?page_info=x"))
                .isInstanceOf(SourceProtocolException.class)
                .hasMessageContaining("source 'test'").hasMessageContaining("refusing to send credentials");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void offsetPagesUntilAShortPageAndReplaysAStoredOffset() {
        // given
        api.on("/items", (request, call) -> {
            int start = Integer.parseInt(request.query().get("offset"));
            return StubApi.Response.json(results(start, Math.min(TOTAL, start + Integer.parseInt(request.query().get("limit"))), null));
        });
        SourceDefinition source = TestSources.source(api.baseUrl(), AuthDefinition.none(), PaginationDefinition.offset(3));
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when
        List<String> tokens = new ArrayList<>();
        List<String> ids = walk(client, tokens);

        // then
        assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(tokens).containsExactly("3", "6");
        assertThat(ids(client.fetchPage("items", FROM, TO, "3"))).containsExactly("3", "4", "5");
        assertThat(api.requests().get(0).header("Authorization")).as("auth none sends nothing").isNull();
    }

    @Test
    void requestParamsUseConfiguredNamesAndFullPrecisionUtcTimestamps() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)));
        EntityDefinition entity = new EntityDefinition("/items", "results", "id", "updated_at", "updated_at_min", "updated_at_max",
                Map.of("status", "any"), 50, null);
        SourceDefinition source = TestSources.source(api.baseUrl(), AuthDefinition.none(), PaginationDefinition.linkHeader(250),
                Map.of("orders", entity));
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when
        Page page = client.fetchPage("orders", FROM, Instant.parse("2026-10-01T12:00:00.000000001Z"), null);

        // then
        assertThat(page.records()).hasSize(1);
        assertThat(page.isLast()).isTrue();
        assertThat(api.requests().get(0).query()).containsExactly(
                Map.entry("limit", "50"),
                Map.entry("updated_at_min", "2026-10-01T10:00:00.456789Z"),
                Map.entry("updated_at_max", "2026-10-01T12:00:00.000000001Z"),
                Map.entry("status", "any"));
    }

    @Test
    void missingRecordArrayAndUnknownEntityFailClearly() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json("{\"data\":[]}"));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceProtocolException.class)
                .hasMessage("source 'test' answered items without a record array at 'results'; check sendtime.sources.test.entities.items.records");
        assertThatThrownBy(() -> client.fetchPage("orders", FROM, TO, null))
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("source 'test' has no entity 'orders' (entities: items)");
    }

    private static List<String> walk(RestSourceClient client, List<String> tokens) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            Page page = client.fetchPage("items", FROM, TO, token);
            ids.addAll(ids(page));
            token = page.nextPageToken();
            if (token != null) {
                tokens.add(token);
            }
        } while (token != null);
        return ids;
    }

    private static List<String> ids(Page page) {
        return page.records().stream().map(r -> r.get("id").asText()).toList();
    }
}
