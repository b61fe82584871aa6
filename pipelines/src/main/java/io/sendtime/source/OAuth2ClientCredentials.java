package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * OAuth2 client-credentials tokens for one source: fetched on first use, cached until shortly before
 * {@code expires_in}, dropped when the source answers 401 so the next request fetches a fresh one.
 * Thread-safe; concurrent callers share one token request.
 */
final class OAuth2ClientCredentials {

    private final SourceDefinition source;
    private final SecretResolver secrets;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final URI tokenUri;

    private String accessToken;
    private Instant refreshAt = Instant.MIN;
    private int tokenRequests;

    OAuth2ClientCredentials(SourceDefinition source, SecretResolver secrets, HttpClient http, ObjectMapper json, Clock clock) {
        this.source = source;
        this.secrets = secrets;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.tokenUri = URI.create(source.baseUrl()).resolve(source.auth().tokenUrl());
    }

    /** A valid access token, from the cache or the token endpoint. */
    synchronized String token() throws IOException, InterruptedException {
        if (accessToken != null && clock.instant().isBefore(refreshAt)) {
            return accessToken;
        }
        AuthDefinition auth = source.auth();
        String clientId = secrets.secret(auth.clientIdEnv()).orElse(null);
        String clientSecret = secrets.secret(auth.clientSecretEnv()).orElse(null);
        if (clientId == null || clientSecret == null) {
            throw new SourceAuthException("source '" + source.name() + "' needs client credentials: set "
                    + (clientId == null ? auth.clientIdEnv() : "")
                    + (clientId == null && clientSecret == null ? " and " : "")
                    + (clientSecret == null ? auth.clientSecretEnv() : ""));
        }
        StringBuilder form = new StringBuilder("grant_type=client_credentials")
                .append("&client_id=").append(encode(clientId))
                .append("&client_secret=").append(encode(clientSecret));
        if (auth.scope() != null && !auth.scope().isBlank()) {
            form.append("&scope=").append(encode(auth.scope()));
        }
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(source.timeouts().request())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        tokenRequests++;
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            throw new SourceAuthException("source '" + source.name() + "' token endpoint " + tokenUri
                    + " rejected the client credentials (HTTP " + status + "): check "
                    + auth.clientIdEnv() + " and " + auth.clientSecretEnv());
        }
        if (status == 429 || status >= 500) {
            throw RetryableFailure.status(status, null, "token endpoint answered HTTP " + status);
        }
        if (status / 100 != 2) {
            throw new SourceProtocolException("source '" + source.name() + "' token endpoint " + tokenUri
                    + " answered HTTP " + status + "; check sendtime.sources." + source.name() + ".auth.token-url");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw RetryableFailure.of(RetryableFailure.Kind.BAD_BODY, "token endpoint sent a body that is not JSON", null);
        }
        String token = JsonPaths.text(body, "access_token").orElseThrow(() -> new SourceProtocolException(
                "source '" + source.name() + "' token endpoint " + tokenUri + " answered without an access_token"));
        long expiresIn = body.path("expires_in").asLong(3600);
        // refresh a little early so a token never expires between the check and the request
        long margin = Math.min(60, expiresIn / 10);
        accessToken = token;
        refreshAt = clock.instant().plusSeconds(Math.max(0, expiresIn - margin));
        return accessToken;
    }

    /** Forget {@code rejected} (unless another thread already replaced it). */
    synchronized void invalidate(String rejected) {
        if (rejected != null && rejected.equals(accessToken)) {
            accessToken = null;
            refreshAt = Instant.MIN;
        }
    }

    synchronized int tokenRequests() {
        return tokenRequests;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[source=" + source.name() + ", tokenUri=" + tokenUri + "]";
    }
}
