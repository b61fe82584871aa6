package io.sendtime.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static io.sendtime.source.TestSources.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    private static final Instant FROM = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-10-01T11:00:00Z");

    private final StubApi api = new StubApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void tooManyRequestsWaitsAtLeastRetryAfter() {
        // given a leaky bucket that asks for 0.3s the first time
        api.on("/items", (request, call) -> call == 1
                ? StubApi.Response.json(429, "{\"errors\":\"Exceeded 2 calls per second\"}").withHeader("Retry-After", "0.3")
                : StubApi.Response.json(results(0, 2, null)));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when
        long start = System.nanoTime();
        Page page = client.fetchPage("items", FROM, TO, null);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertThat(page.records()).hasSize(2);
        assertThat(page.httpAttempts()).isEqualTo(2);
        assertThat(page.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void serverErrorsAreRetriedUntilTheyClear() {
        // given
        api.on("/items", (request, call) -> switch (call) {
            case 1 -> StubApi.Response.json(500, "{}");
            case 2 -> StubApi.Response.json(502, "<html>bad gateway</html>");
            case 3 -> StubApi.Response.json(503, "");
            default -> StubApi.Response.json(results(0, 3, null));
        });
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when
        Page page = client.fetchPage("items", FROM, TO, null);

        // then
        assertThat(page.records()).hasSize(3);
        assertThat(page.httpAttempts()).isEqualTo(4);
        assertThat(page.waited()).as("10ms + 20ms + 40ms of backoff").isGreaterThanOrEqualTo(Duration.ofMillis(70));
    }

    @Test
    void droppedConnectionIsRetried() {
        // given
        api.on("/items", (request, call) -> call == 1 ? StubApi.Response.dropped() : StubApi.Response.json(results(0, 1, null)));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when
        Page page = client.fetchPage("items", FROM, TO, null);

        // then
        assertThat(page.records()).hasSize(1);
        assertThat(page.httpAttempts()).isEqualTo(2);
    }

    @Test
    void truncatedJsonIsRetried() {
        // given a 200 whose body was cut short
        api.on("/items", (request, call) -> call == 1
                ? StubApi.Response.json("{\"results\":[{\"id\":\"0\",\"upda")
                : StubApi.Response.json(results(0, 2, null)));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when
        Page page = client.fetchPage("items", FROM, TO, null);

        // then
        assertThat(page.records()).hasSize(2);
        assertThat(page.httpAttempts()).isEqualTo(2);
    }

    @Test
    void persistentFailuresStopAfterMaxAttemptsWithAClearMessage() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json(503, "{}"));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("source 'test' still answered HTTP 503 for items after 4 attempts")
                .hasMessageEndingWith("try again later or raise sendtime.sources.test.retry.max-attempts");
        assertThat(api.requests()).hasSize(4);
    }

    @Test
    void persistentlyInvalidJsonIsAProtocolError() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json("{\"results\":["));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceProtocolException.class)
                .hasMessageStartingWith("source 'test' kept sending invalid JSON for items after 4 attempts");
    }

    @Test
    void clientErrorsAreNotRetriedAndQuoteTheSource() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json(400, "{\"message\":\"limit must be <= 100\"}"));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceProtocolException.class)
                .hasMessage("source 'test' answered HTTP 400 for items at " + api.baseUrl() + "/items: limit must be <= 100")
                .as("the query (cursors, keys some APIs take as parameters) stays out of messages")
                .hasMessageNotContaining("?");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void slowResponsesTimeOutAreRetriedThenFailClearly() {
        // given a source slower than the 200ms request timeout
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)).delayedBy(1_000));
        SourceDefinition source = TestSources.cursorSource(api.baseUrl());
        source = new SourceDefinition(source.name(), source.baseUrl(), source.auth(), source.pagination(), source.rateLimit(),
                TestSources.fastRetry(2), new TimeoutsDefinition(Duration.ofSeconds(1), Duration.ofMillis(200)),
                source.lookback(), source.entities());
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceUnreachableException.class)
                .hasMessageStartingWith("source 'test' did not answer items within 200ms after 2 attempts")
                .hasMessageEndingWith("raise sendtime.sources.test.timeouts.request");
        assertThat(api.requests()).hasSize(2);
    }

    @Test
    void refusedConnectionsNameTheBaseUrl() throws Exception {
        // given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SourceDefinition source = TestSources.cursorSource("http://127.0.0.1:" + port).withRetry(TestSources.fastRetry(2));
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceUnreachableException.class)
                .hasMessageStartingWith("source 'test' is unreachable at http://127.0.0.1:" + port + ": connection refused after 2 attempts")
                .hasMessageEndingWith("; check base-url");
    }

    @Test
    void clientSideRateLimitSpacesRequests() {
        // given 20 requests per second, no burst
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)));
        SourceDefinition source = TestSources.cursorSource(api.baseUrl());
        source = new SourceDefinition(source.name(), source.baseUrl(), source.auth(), source.pagination(),
                new RateLimitDefinition(20.0, 1), source.retry(), source.timeouts(), source.lookback(), source.entities());
        RestSourceClient client = new RestSourceClient(source, TestSources.secrets());

        // when
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            client.fetchPage("items", FROM, TO, null);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then: 4 gaps of 50ms at least (the first permit may come at once)
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void retryAfterAcceptsSecondsFractionsAndHttpDates() {
        // given
        Clock clock = Clock.fixed(Instant.parse("2026-10-01T10:00:00Z"), ZoneOffset.UTC);
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.parse("2026-10-01T10:00:05Z"));

        // when / then
        assertThat(HttpHeaderValues.retryAfter(Optional.of("1.0"), clock)).contains(Duration.ofSeconds(1));
        assertThat(HttpHeaderValues.retryAfter(Optional.of("0.25"), clock)).contains(Duration.ofMillis(250));
        assertThat(HttpHeaderValues.retryAfter(Optional.of("2"), clock)).contains(Duration.ofSeconds(2));
        assertThat(HttpHeaderValues.retryAfter(Optional.of(inFiveSeconds), clock)).contains(Duration.ofSeconds(5));
        assertThat(HttpHeaderValues.retryAfter(Optional.of("soon"), clock)).isEmpty();
        assertThat(HttpHeaderValues.retryAfter(Optional.empty(), clock)).isEmpty();
    }
}
