package io.sendtime.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sendtime.source.TestSources.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthTest {

    private static final Instant FROM = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-10-01T11:00:00Z");

    private final StubApi api = new StubApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void bearerTokenIsSentInTheAuthorizationHeader() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when
        client.fetchPage("items", FROM, TO, null);

        // then
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TestSources.TOKEN);
    }

    @Test
    void headerTokenIsSentInTheConfiguredHeader() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)));
        SourceDefinition source = TestSources.source(api.baseUrl(),
                AuthDefinition.header("X-Shopify-Access-Token", TestSources.TOKEN_ENV), PaginationDefinition.linkHeader(3));

        // when
        new RestSourceClient(source, TestSources.secrets()).fetchPage("items", FROM, TO, null);

        // then
        assertThat(api.requests().get(0).header("X-Shopify-Access-Token")).isEqualTo(TestSources.TOKEN);
        assertThat(api.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void anEntitysOwnHeadersAreSentAndCredentialsCannotBeOne() {
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)));
        EntityDefinition items = TestSources.items();
        EntityDefinition withHeader = new EntityDefinition(items.path(), items.records(), items.idField(),
                items.cursorField(), items.cursorMinParam(), items.cursorMaxParam(), items.params(), items.pageSize(),
                null, Map.of("X-Shopify-Api-Features", "include-presentment-prices"), null, null, null);
        SourceDefinition source = TestSources.source(api.baseUrl(), AuthDefinition.bearer(TestSources.TOKEN_ENV),
                PaginationDefinition.linkHeader(3), Map.of("items", withHeader));

        new RestSourceClient(source, TestSources.secrets()).fetchPage("items", FROM, TO, null);

        assertThat(api.requests().get(0).header("X-Shopify-Api-Features")).isEqualTo("include-presentment-prices");
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TestSources.TOKEN);
        assertThatThrownBy(() -> new EntityDefinition("/x", "", "id", "updated_at", null, null, null, null, null,
                Map.of("Authorization", "Bearer leaked"), null, null, null)).isInstanceOf(SourceConfigException.class)
                .hasMessageContaining("header 'Authorization' cannot be set per entity");
    }

    @Test
    void unsetTokenVariableFailsNamingTheVariableBeforeAnyRequest() {
        // given
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), SecretResolver.of(Map.of()));

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceAuthException.class)
                .hasMessage("source 'test' needs a token: set TEST_API_TOKEN");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void rejectedCredentialsAreNotRetriedAndTheMessageNeverShowsTheToken() {
        // given
        api.on("/items", (request, call) -> StubApi.Response.json(401, "{\"message\":\"bad token " + TestSources.TOKEN + "\"}"));
        RestSourceClient client = new RestSourceClient(TestSources.cursorSource(api.baseUrl()), TestSources.secrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceAuthException.class)
                .hasMessage("source 'test' rejected the credentials (HTTP 401) for items: check TEST_API_TOKEN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestSources.TOKEN));
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void oauth2TokenIsFetchedOnceAndCachedAcrossPages() {
        // given
        AtomicInteger issued = new AtomicInteger();
        api.on("/oauth/token", (request, call) -> StubApi.Response.json(
                "{\"access_token\":\"at-" + issued.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
        api.on("/items", (request, call) -> StubApi.Response.json(results(0, 1, null)));
        RestSourceClient client = new RestSourceClient(oauthSource(), oauthSecrets());

        // when
        client.fetchPage("items", FROM, TO, null);
        client.fetchPage("items", FROM, TO, null);

        // then
        assertThat(api.requests("/oauth/token")).hasSize(1);
        StubApi.Request tokenRequest = api.requests("/oauth/token").get(0);
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(StubApi.parseQuery(tokenRequest.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "grant_type", "client_credentials", "client_id", "the-client", "client_secret", "s3cr3t/+=", "scope", "crm.read"));
        assertThat(api.requests("/items")).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer at-1"));
    }

    @Test
    void oauth2RefreshesOnceOn401ThenSucceeds() {
        // given the first token gets revoked
        AtomicInteger issued = new AtomicInteger();
        api.on("/oauth/token", (request, call) -> StubApi.Response.json(
                "{\"access_token\":\"at-" + issued.incrementAndGet() + "\",\"expires_in\":3600}"));
        api.on("/items", (request, call) -> "Bearer at-1".equals(request.header("Authorization"))
                ? StubApi.Response.json(401, "{\"message\":\"expired\"}")
                : StubApi.Response.json(results(0, 2, null)));
        RestSourceClient client = new RestSourceClient(oauthSource(), oauthSecrets());

        // when
        Page page = client.fetchPage("items", FROM, TO, null);

        // then
        assertThat(page.records()).hasSize(2);
        assertThat(page.httpAttempts()).isEqualTo(2);
        assertThat(api.requests("/oauth/token")).hasSize(2);
    }

    @Test
    void oauth2FailsAfterOneRefreshWhenStillRejected() {
        // given
        AtomicInteger issued = new AtomicInteger();
        api.on("/oauth/token", (request, call) -> StubApi.Response.json(
                "{\"access_token\":\"at-" + issued.incrementAndGet() + "\",\"expires_in\":3600}"));
        api.on("/items", (request, call) -> StubApi.Response.json(401, "{}"));
        RestSourceClient client = new RestSourceClient(oauthSource(), oauthSecrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceAuthException.class)
                .hasMessage("source 'test' rejected the credentials (HTTP 401) for items: check TEST_CLIENT_ID and TEST_CLIENT_SECRET");
        assertThat(api.requests("/items")).hasSize(2);
        assertThat(api.requests("/oauth/token")).hasSize(2);
    }

    @Test
    void oauth2RejectedClientCredentialsNameTheVariables() {
        // given
        api.on("/oauth/token", (request, call) -> StubApi.Response.json(401, "{\"error\":\"invalid_client\"}"));
        RestSourceClient client = new RestSourceClient(oauthSource(), oauthSecrets());

        // when / then
        assertThatThrownBy(() -> client.fetchPage("items", FROM, TO, null))
                .isInstanceOf(SourceAuthException.class)
                .hasMessageContaining("rejected the client credentials (HTTP 401): check TEST_CLIENT_ID and TEST_CLIENT_SECRET")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        assertThat(api.requests("/items")).isEmpty();
    }

    @Test
    void secretsStayOutOfToStringAndAreMasked() {
        // given
        SecretResolver secrets = TestSources.secrets();

        // when / then
        assertThat(secrets.toString()).contains(TestSources.TOKEN_ENV).doesNotContain(TestSources.TOKEN);
        assertThat(new RestSourceClient(TestSources.cursorSource(api.baseUrl()), secrets).toString()).doesNotContain(TestSources.TOKEN);
        assertThat(SecretResolver.mask(TestSources.TOKEN)).isEqualTo("****alue");
        assertThat(SecretResolver.mask("short")).isEqualTo("****");
        assertThat(SecretResolver.mask(null)).isEqualTo("(unset)");
        assertThat(SecretResolver.of(Map.of("A", "x")).orElse(SecretResolver.of(Map.of("B", "y"))).secret("B")).contains("y");
    }

    private SourceDefinition oauthSource() {
        return TestSources.source(api.baseUrl(), AuthDefinition.oauth2("/oauth/token", "TEST_CLIENT_ID", "TEST_CLIENT_SECRET", "crm.read"),
                PaginationDefinition.cursorInBody("paging.next.after", "after", 3));
    }

    private static SecretResolver oauthSecrets() {
        return SecretResolver.of(Map.of("TEST_CLIENT_ID", "the-client", "TEST_CLIENT_SECRET", "s3cr3t/+="));
    }
}
