package io.sendtime.source;

import static io.sendtime.source.TestSources.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.sendtime.extract.ExtractWindow;
import io.sendtime.extract.SourcePage;
import io.sendtime.extract.SourcePageReader;

/**
 * Pages handed over before their body is parsed ({@link RestSourceClient#fetchUnparsed}): only where the Link header
 * names the next page; parsed to the same records; a body that is not JSON asked for again, with the retries.
 */
class ParseLaterTest {

    private static final Instant FROM = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-10-01T11:00:00Z");
    private static final int TOTAL = 8;

    private final StubApi api = new StubApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aLinkHeaderSourcesPagesParseLaterToTheRecordsAParsedWalkGives() {
        // given a Shopify-style server, 3 records a page
        linkHeaderServer(new AtomicInteger(-1), null);
        RestSourceClient client = linkHeaderClient();
        assertThat(client.parsesLater("items")).isTrue();

        // when every page is fetched unparsed, the next one asked for before this one is parsed
        List<UnparsedPage> fetched = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        String token = null;
        do {
            tokens.add(token);
            UnparsedPage page = client.fetchUnparsed("items", FROM, TO, token);
            fetched.add(page);
            token = page.nextPageToken();
        } while (token != null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < fetched.size(); i++) {
            client.records("items", FROM, TO, tokens.get(i), fetched.get(i)).forEach(r -> ids.add(r.path("id").asText()));
        }

        // then the same records, once each, in order, from one request a page
        assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(api.requests()).hasSize(3);
    }

    @Test
    void theExtractsReaderHandsPagesOverAsTheyAreFetchedAheadOfItsReadsAndCheckpointsOnlyWhatWasRead()
            throws Exception {
        // given the extract's reader of a Link-header source, 5 pages ahead, recording each page it hands over
        linkHeaderServer(new AtomicInteger(-1), null);
        List<Integer> handedOver = new CopyOnWriteArrayList<>();
        SourcePageReader<SourcePage> reader = new SourcePageReader<>(linkHeaderClient(), "items",
                new ExtractWindow(FROM, TO, null), 5, page -> {
                    handedOver.add(page.number());
                    return page;
                });
        reader.open(new ExecutionContext());
        try {
            // when the step has read one page
            SourcePage first = reader.read();

            // then the pages after it were handed over (the extract starts converting them) before they were read
            for (int i = 0; i < 100 && handedOver.size() < 3; i++) {
                Thread.sleep(50);
            }
            assertThat(handedOver).containsExactly(1, 2, 3);
            // and the checkpoint names only the page read: a restart fetches the others again
            ExecutionContext checkpoint = new ExecutionContext();
            reader.update(checkpoint);
            assertThat(checkpoint.getInt("reader.pages")).isEqualTo(1);
            assertThat(checkpoint.getString("reader.nextPageToken")).endsWith("page_info=p3");
            // and each page holds its records, parsed when asked for, in order
            assertThat(first.records()).extracting(r -> r.path("id").asText()).containsExactly("0", "1", "2");
            assertThat(reader.read().records()).extracting(r -> r.path("id").asText()).containsExactly("3", "4", "5");
            assertThat(reader.read().records()).extracting(r -> r.path("id").asText()).containsExactly("6", "7");
            assertThat(reader.read()).isNull();
        } finally {
            reader.close();
        }
    }

    @Test
    void aBodyThatIsNotJsonIsAskedForAgainWhenParsed() {
        // given a server whose second page comes cut short the first time it is sent
        AtomicInteger truncate = new AtomicInteger(1);
        linkHeaderServer(truncate, null);
        RestSourceClient client = linkHeaderClient();
        UnparsedPage first = client.fetchUnparsed("items", FROM, TO, null);
        UnparsedPage second = client.fetchUnparsed("items", FROM, TO, first.nextPageToken());

        // when it is parsed
        List<JsonNode> records = client.records("items", FROM, TO, first.nextPageToken(), second);

        // then it was fetched again, and holds its records
        assertThat(records).extracting(r -> r.path("id").asText()).containsExactly("3", "4", "5");
        assertThat(api.requests()).hasSize(3);
        assertThat(api.requests().get(2).rawQuery()).isEqualTo("limit=3&page_info=p3");
    }

    @Test
    void aPageThatNamesAnotherNextPageWhenAskedAgainStopsTheExtract() {
        // given a cut-short page whose next link differs when it is sent again (the data moved meanwhile)
        AtomicInteger truncate = new AtomicInteger(0);
        linkHeaderServer(truncate, "moved");
        RestSourceClient client = linkHeaderClient();
        UnparsedPage first = client.fetchUnparsed("items", FROM, TO, null);

        // when / then
        assertThatThrownBy(() -> client.records("items", FROM, TO, null, first))
                .isInstanceOf(SourceProtocolException.class)
                .hasMessage("source 'test' sent items a body that was not JSON, then named another next page for it"
                        + " when asked again; run the extract again");
    }

    @Test
    void aBodyThatStaysInvalidFailsAsAParsedFetchWould() {
        // given a server that only ever sends half a body, with a next link
        api.on("/items", (request, call) -> StubApi.Response.json("{\"results\":[")
                .withHeader("Link", "<" + api.baseUrl() + "/items?limit=3&page_info=p3>; rel=\"next\""));
        RestSourceClient client = linkHeaderClient();
        UnparsedPage page = client.fetchUnparsed("items", FROM, TO, null);

        // when / then: the retries a parsed fetch gets, then its error
        assertThatThrownBy(() -> client.records("items", FROM, TO, null, page))
                .isInstanceOf(SourceProtocolException.class)
                .hasMessageStartingWith("source 'test' kept sending invalid JSON for items after 4 attempts");
        assertThat(api.requests()).hasSize(1 + 4);
    }

    @Test
    void aSourceThatNamesItsNextPageInTheBodyIsParsedAsItIsFetched() {
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        assertThat(client.parsesLater("items")).isFalse();
        assertThatThrownBy(() -> client.fetchUnparsed("items", FROM, TO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("items names its next page in the body: fetch its pages parsed");
    }

    private RestSourceClient linkHeaderClient() {
        return new RestSourceClient(TestSources.source(api.baseUrl(),
                AuthDefinition.header("X-Shopify-Access-Token", TestSources.TOKEN_ENV), PaginationDefinition.linkHeader(3)),
                TestSources.secrets());
    }

    /**
     * 8 records, 3 a page, the next page in the Link header; the page starting at {@code truncate}'s value is cut
     * short once; with {@code movedNext}, its next link changes after that.
     */
    private void linkHeaderServer(AtomicInteger truncate, String movedNext) {
        AtomicInteger cut = new AtomicInteger();
        api.on("/items", (request, call) -> {
            String pageInfo = request.query().get("page_info");
            int start = pageInfo == null ? 0 : Integer.parseInt(pageInfo.substring("p".length()));
            int end = Math.min(TOTAL, start + 3);
            boolean cutShort = start == truncate.get() * 3 && cut.getAndIncrement() == 0;
            String body = results(start, end, null);
            String next = movedNext != null && cut.get() > 1 ? movedNext + end : "p" + end;
            StubApi.Response response = StubApi.Response.json(cutShort ? body.substring(0, body.length() / 2) : body);
            return end < TOTAL
                    ? response.withHeader("Link", "<" + api.baseUrl() + "/items?limit=3&page_info=" + next + ">; rel=\"next\"")
                    : response;
        });
    }
}
