package io.sendtime.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads pages of an entity from a REST source described by a {@link SourceDefinition}: auth, paging,
 * client-side rate limiting and retries all come from configuration. Thread-safe; create one per source
 * and reuse it.
 */
public final class RestSourceClient {

    private static final Logger log = LoggerFactory.getLogger(RestSourceClient.class);

    private final SourceDefinition source;
    private final SecretResolver secrets;
    private final HttpClient http;
    private final ObjectMapper json;
    private final RateLimiter rateLimiter;
    private final Retry retry;
    private final OAuth2ClientCredentials oauth2;
    private final URI base;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, BodyTemplate> bodies = new java.util.concurrent.ConcurrentHashMap<>();
    /** The reported query-cost bucket of a GraphQL source that budgets by cost; null otherwise. */
    private final QueryCostBudget costs;

    /**
     * @throws SourceConfigException when the definition is incomplete (see {@link SourceCatalog#validate()});
     *                               secrets are only looked up when a request is made
     */
    public RestSourceClient(SourceDefinition source, SecretResolver secrets) {
        List<String> problems = SourceCatalog.problemsOf(source);
        if (!problems.isEmpty()) {
            throw new SourceConfigException(String.join("; ", problems));
        }
        this.source = source;
        this.secrets = secrets;
        this.base = URI.create(source.baseUrl());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(source.timeouts().connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.rateLimiter = RateLimiter.of("source-" + source.name(), rateLimiterConfig(source.rateLimit()));
        this.retry = Retry.of("source-" + source.name(), RetryConfig.custom()
                .maxAttempts(source.retry().maxAttempts())
                .retryOnException(RetryableFailure.class::isInstance)
                .intervalBiFunction(this::backoffMillis)
                .build());
        this.retry.getEventPublisher().onRetry(event -> {
            String what = event.getLastThrowable() == null ? "failure" : event.getLastThrowable().getMessage();
            String line = "source '{}': {}; attempt {}/{} in {}ms";
            if (event.getLastThrowable() instanceof RetryableFailure f && f.status == 429) {
                log.debug(line, source.name(), what, event.getNumberOfRetryAttempts() + 1,
                        source.retry().maxAttempts(), event.getWaitInterval().toMillis());
            } else {
                log.warn(line, source.name(), what, event.getNumberOfRetryAttempts() + 1,
                        source.retry().maxAttempts(), event.getWaitInterval().toMillis());
            }
        });
        this.costs = source.rateLimit().queryCost() == null ? null : new QueryCostBudget(System::nanoTime);
        this.oauth2 = source.auth().type() == AuthType.OAUTH2_CLIENT_CREDENTIALS
                ? new OAuth2ClientCredentials(source, secrets, http, json, clock) : null;
    }

    public SourceDefinition source() {
        return source;
    }

    /**
     * Fetches one page of {@code entity} changed in [{@code from}, {@code to}).
     *
     * @param from      inclusive lower bound, sent as the entity's cursor-min-param (full precision, UTC, {@code Z})
     * @param to        exclusive upper bound, sent as the entity's cursor-max-param
     * @param pageToken null for the first page, else a {@link Page#nextPageToken()} from an earlier call
     *                  (possibly of an earlier process) with the same entity, from and to
     * @throws SourceException one-line and actionable: {@link SourceAuthException}, {@link SourceUnreachableException},
     *                         {@link SourceUnavailableException}, {@link SourceProtocolException}, {@link SourceConfigException}
     */
    public Page fetchPage(String entity, Instant from, Instant to, String pageToken) {
        return fetchPageOnce(entity, from, to, pageToken);
    }

    /** Every record of {@code [from, to)}, page after page, in the order the source lists them. */
    public void forEachRecord(String entity, Instant from, Instant to, java.util.function.Consumer<JsonNode> consumer) {
        String token = null;
        do {
            Page page = fetchPageOnce(entity, from, to, token);
            page.records().forEach(consumer);
            token = page.isLast() ? null : page.nextPageToken();
        } while (token != null);
    }

    private Page fetchPageOnce(String entity, Instant from, Instant to, String pageToken) {
        EntityDefinition definition = source.entity(entity);
        return definition.resultCap() != null ? cappedPage(entity, definition, from, to, pageToken)
                : fetch(entity, definition, from, to, pageToken);
    }

    /**
     * Whether {@link #fetchUnparsed} can hand over a page of {@code entity} before its body is parsed: the answer's
     * Link header names the next page, and nothing else in the body decides whether to ask again (no GraphQL errors,
     * no query cost to settle) or where to go next (no result cap).
     */
    public boolean parsesLater(String entity) {
        EntityDefinition definition = source.entity(entity);
        return source.paginationOf(entity).style() == PaginationStyle.LINK_HEADER && definition.resultCap() == null
                && !definition.isGraphql() && costs == null;
    }

    /**
     * As {@link #fetchPage}, for an entity that {@link #parsesLater}: the page's body as received, its next page named
     * by the headers; {@link #records} parses it, on whichever thread converts the page, while this thread asks for the
     * next one.
     */
    public UnparsedPage fetchUnparsed(String entity, Instant from, Instant to, String pageToken) {
        if (!parsesLater(entity)) {
            throw new IllegalArgumentException(entity + " names its next page in the body: fetch its pages parsed");
        }
        int pageSize = source.pageSizeOf(entity);
        Exchange x = exchange(entity, source.entity(entity), from, to, pageToken, pageSize, true);
        String next = nextPageToken(x.call(), x.response(), 0, pageSize, pageToken); // the Link header alone
        return new UnparsedPage(x.response().http().body(), next, x.call().attempts,
                Duration.ofNanos(x.call().waitedNanos));
    }

    /**
     * The records of a page {@link #fetchUnparsed} fetched with {@code pageToken} (the same entity, from and to). A
     * body that is not JSON is asked for again, with the retries {@link #fetchPage} gives it; should the answer then
     * name another next page than the headers did (the pages after it were fetched from those), the extract stops.
     */
    public List<JsonNode> records(String entity, Instant from, Instant to, String pageToken, UnparsedPage page) {
        EntityDefinition definition = source.entity(entity);
        JsonNode body = readable(page.body());
        if (body == null) {
            Page again = fetch(entity, definition, from, to, pageToken);
            if (!java.util.Objects.equals(again.nextPageToken(), page.nextPageToken())) {
                throw new SourceProtocolException("source '" + source.name() + "' sent " + entity + " a body that was"
                        + " not JSON, then named another next page for it when asked again; run the extract again");
            }
            return again.records();
        }
        List<JsonNode> items = recordsOf(entity, definition, body);
        return definition.explode() == null ? items : exploded(entity, definition, items);
    }

    /** A body as JSON, or null when it is not (empty, cut short, not JSON). */
    private JsonNode readable(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private Page fetch(String entity, EntityDefinition definition, Instant from, Instant to, String pageToken) {
        int pageSize = source.pageSizeOf(entity);
        Exchange x = exchange(entity, definition, from, to, pageToken, pageSize, false);
        List<JsonNode> items = recordsOf(entity, definition, x.response().body());
        List<JsonNode> records = definition.explode() == null ? items : exploded(entity, definition, items);
        String next = nextPageToken(x.call(), x.response(), items.size(), pageSize, pageToken);
        return new Page(records, next, x.call().attempts, Duration.ofNanos(x.call().waitedNanos));
    }

    /** A page's request and its answer. */
    private record Exchange(Call call, Response response) {}

    /** Asks for a page, with the retries; {@code parseLater}: a 2xx body is left as received (see {@link #parsesLater}). */
    private Exchange exchange(String entity, EntityDefinition definition, Instant from, Instant to, String pageToken,
                              int pageSize, boolean parseLater) {
        URI uri = pageUri(entity, definition, pageSize, from, to, pageToken);
        byte[] body = definition.hasBody() ? bodyOf(entity, definition).fill(from, to, pageSize, pageToken).toString()
                .getBytes(StandardCharsets.UTF_8) : null;
        Call call = new Call(entity, uri, body);
        call.parseLater = parseLater;
        Response response;
        try {
            response = retry.executeCallable(() -> attempt(call));
        } catch (RetryableFailure exhausted) {
            throw exhaustedError(call, exhausted);
        } catch (SourceException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("source '" + source.name() + "' was interrupted fetching " + entity, e);
        } catch (Exception unexpected) {
            throw new SourceException("source '" + source.name() + "' failed fetching " + entity + ": " + unexpected, unexpected);
        }
        return new Exchange(call, response);
    }

    private BodyTemplate bodyOf(String entity, EntityDefinition definition) {
        return bodies.computeIfAbsent(entity, e -> definition.bodyTemplate(
                "sendtime.sources." + source.name() + ".entities." + e));
    }

    /**
     * A page of an entity whose queries are capped ({@link EntityDefinition#resultCap()}): before the next page
     * would pass the cap, the query is closed and the next page opens a new one from the last cursor value read;
     * the records of that value read before are left out, so none is lost or read twice.
     */
    private Page cappedPage(String entity, EntityDefinition definition, Instant from, Instant to, String pageToken) {
        CappedQuery query = pageToken == null ? CappedQuery.first(from) : CappedQuery.decode(pageToken, source.name(), entity);
        Page page = fetch(entity, definition, query.from(), to, query.after());
        List<JsonNode> kept = new ArrayList<>(page.records().size());
        Instant last = query.last();
        java.util.Set<String> ties = new java.util.LinkedHashSet<>(query.ties());
        for (JsonNode record : page.records()) {
            Instant cursor = definition.cursorOf(record).orElse(null);
            String id = definition.idOf(record).orElse(null);
            if (cursor == null || id == null) {
                kept.add(record); // the extract quarantines it
                continue;
            }
            if (last != null && cursor.isBefore(last)) {
                throw new SourceProtocolException("source '" + source.name() + "' listed " + entity + " out of cursor"
                        + " order (" + cursor + " after " + last + "); result-cap needs the body to sort by "
                        + definition.cursorField() + " ascending");
            }
            if (cursor.equals(last)) {
                if (!ties.add(id)) {
                    continue; // read by the previous query
                }
            } else {
                last = cursor;
                ties = new java.util.LinkedHashSet<>(java.util.List.of(id));
            }
            kept.add(record);
        }
        String next = null;
        if (!page.isLast()) {
            int seen = query.seen() + page.records().size();
            if (seen + source.pageSizeOf(entity) <= definition.resultCap()) {
                next = new CappedQuery(query.from(), page.nextPageToken(), seen, last, ties).encode();
            } else if (last == null || last.equals(query.from())) {
                throw new SourceProtocolException("source '" + source.name() + "' has more than "
                        + definition.resultCap() + " " + entity + " at " + (last == null ? query.from() : last)
                        + ", the most one query returns (result-cap): they cannot be paged by " + definition.cursorField());
            } else {
                next = new CappedQuery(last, null, 0, last, ties).encode();
            }
        }
        return new Page(kept, next, page.httpAttempts(), page.waited());
    }

    // ---- one HTTP attempt --------------------------------------------------------------------------------

    private record Response(JsonNode body, HttpResponse<byte[]> http) {
    }

    /** Per-call bookkeeping: attempts and time spent waiting, for the job summary. */
    private static final class Call {
        final String entity;
        final URI uri;
        final byte[] body;
        /** The query-cost reservation of the attempt under way, until its answer settles it. */
        QueryCostBudget.Reservation reservation = QueryCostBudget.Reservation.NONE;
        int attempts;
        long waitedNanos;
        long lastAttemptEnd;
        boolean tokenRefreshed;
        /** A 2xx body is handed over as received, parsed later ({@link #fetchUnparsed}). */
        boolean parseLater;

        Call(String entity, URI uri, byte[] body) {
            this.entity = entity;
            this.uri = uri;
            this.body = body;
        }
    }

    private Response attempt(Call call) throws InterruptedException {
        if (call.lastAttemptEnd != 0) {
            call.waitedNanos += System.nanoTime() - call.lastAttemptEnd; // retry backoff
        }
        try {
            while (true) {
                acquirePermit(call);
                call.attempts++;
                String oauthToken = oauth2 != null ? oauth2.token() : null;
                HttpRequest request = request(call, oauthToken, source.entity(call.entity).headers());
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 401 && oauth2 != null && !call.tokenRefreshed) {
                    // the cached token may have been revoked or expired early: fetch a fresh one, once
                    call.tokenRefreshed = true;
                    oauth2.invalidate(oauthToken);
                    continue;
                }
                return handle(call, response);
            }
        } catch (HttpConnectTimeoutException e) {
            throw RetryableFailure.of(RetryableFailure.Kind.CONNECT_TIMEOUT, call.entity + ": connect timed out", e);
        } catch (HttpTimeoutException e) {
            throw RetryableFailure.of(RetryableFailure.Kind.TIMEOUT, call.entity + ": request timed out", e);
        } catch (ConnectException e) {
            throw RetryableFailure.of(RetryableFailure.Kind.REFUSED, call.entity + ": connection refused", e);
        } catch (IOException e) {
            throw RetryableFailure.of(RetryableFailure.Kind.DROPPED, call.entity + ": connection dropped (" + e.getMessage() + ")", e);
        } finally {
            call.lastAttemptEnd = System.nanoTime();
            if (costs != null && call.reservation != QueryCostBudget.Reservation.NONE) {
                costs.cancel(call.reservation); // no answer settled it
                call.reservation = QueryCostBudget.Reservation.NONE;
            }
        }
    }

    private void acquirePermit(Call call) throws InterruptedException {
        long start = System.nanoTime();
        while (!rateLimiter.acquirePermission()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SourceException("source '" + source.name() + "' was interrupted while rate limited");
            }
        }
        if (costs != null) {
            if (call.reservation != QueryCostBudget.Reservation.NONE) {
                costs.cancel(call.reservation); // an attempt again within this one (a refreshed OAuth token)
            }
            call.reservation = costs.reserve(call.entity);
            Duration wait = call.reservation.delay();
            if (!wait.isZero()) {
                log.debug("source '{}': {} waits {} ms for its query cost", source.name(), call.entity, wait.toMillis());
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            }
        }
        call.waitedNanos += System.nanoTime() - start;
    }

    private HttpRequest request(Call call, String oauthToken, Map<String, String> entityHeaders) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri)
                .timeout(source.timeouts().request())
                .header("Accept", "application/json")
                .header("User-Agent", "sendtime");
        if (call.body != null) {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(call.body));
        } else {
            builder.GET();
        }
        entityHeaders.forEach(builder::header);
        AuthDefinition auth = source.auth();
        switch (auth.type()) {
            case BEARER -> builder.header("Authorization", "Bearer " + requiredSecret(auth.tokenEnv()));
            case HEADER -> builder.header(auth.headerName(), requiredSecret(auth.tokenEnv()));
            case OAUTH2_CLIENT_CREDENTIALS -> builder.header("Authorization", "Bearer " + oauthToken);
            case NONE -> {
            }
        }
        return builder.build();
    }

    private String requiredSecret(String envName) {
        return secrets.secret(envName).orElseThrow(() ->
                new SourceAuthException("source '" + source.name() + "' needs a token: set " + envName));
    }

    private Response handle(Call call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            if (call.parseLater) {
                return new Response(null, response);
            }
            JsonNode body = parse(call, response.body());
            if (costs != null) {
                costs.settle(call.entity, call.reservation, JsonPaths.at(body, source.rateLimit().queryCost()));
                call.reservation = QueryCostBudget.Reservation.NONE;
            }
            if (source.entity(call.entity).isGraphql()) {
                graphqlErrors(call, body);
            }
            return new Response(body, response);
        }
        if (status == 401 || status == 403) {
            throw new SourceAuthException("source '" + source.name() + "' rejected the credentials (HTTP " + status
                    + ") for " + call.entity + ": check " + credentialNames());
        }
        if (isTransient(status)) {
            Duration retryAfter = HttpHeaderValues.retryAfter(response.headers().firstValue("Retry-After"), clock).orElse(null);
            throw RetryableFailure.status(status, retryAfter, call.entity + ": HTTP " + status
                    + (retryAfter != null ? " (Retry-After " + retryAfter.toMillis() + "ms)" : ""));
        }
        String hint = status == 404
                ? "; check sendtime.sources." + source.name() + ".entities." + call.entity + ".path and base-url"
                : "";
        throw new SourceProtocolException("source '" + source.name() + "' answered HTTP " + status + " for "
                + call.entity + " at " + shown(call.uri) + ": " + errorMessage(new String(response.body(), StandardCharsets.UTF_8)) + hint);
    }

    /**
     * A GraphQL answer's {@code errors}: {@code THROTTLED} is waited out (as long as the reported bucket needs to
     * hold the query's cost) and tried again; any other error stops the extract with the source's message.
     */
    private void graphqlErrors(Call call, JsonNode body) {
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return;
        }
        for (JsonNode error : errors) {
            if ("THROTTLED".equals(error.path("extensions").path("code").asText())) {
                Duration wait = costs != null ? costs.untilAffordable(call.entity) : Duration.ofSeconds(1);
                throw RetryableFailure.status(429, wait, call.entity + ": GraphQL THROTTLED (waiting " + wait.toMillis()
                        + "ms for the query cost)");
            }
        }
        JsonNode first = errors.get(0);
        String where = first.path("path").isArray() ? " at " + first.path("path").toString() : "";
        throw new SourceProtocolException("source '" + source.name() + "' answered a GraphQL error for " + call.entity
                + where + ": " + errorMessage(first.path("message").asText(first.toString()))
                + "; check sendtime.sources." + source.name() + ".entities." + call.entity + ".query");
    }

    private static boolean isTransient(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    private JsonNode parse(Call call, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw RetryableFailure.of(RetryableFailure.Kind.BAD_BODY, call.entity + ": empty body", null);
            }
            return node;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw RetryableFailure.of(RetryableFailure.Kind.BAD_BODY,
                    call.entity + ": body is not valid JSON (" + detail + ")", null);
        }
    }

    private String credentialNames() {
        AuthDefinition auth = source.auth();
        return switch (auth.type()) {
            case BEARER, HEADER -> auth.tokenEnv();
            case OAUTH2_CLIENT_CREDENTIALS -> auth.clientIdEnv() + " and " + auth.clientSecretEnv();
            case NONE -> "sendtime.sources." + source.name() + ".auth (the source wants credentials)";
        };
    }

    /** The source's own explanation, from common JSON error shapes or the first line of the body. */
    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String message;
        try {
            JsonNode node = json.readTree(body);
            message = JsonPaths.text(node, "message")
                    .or(() -> JsonPaths.text(node, "error.message"))
                    .or(() -> JsonPaths.text(node, "error"))
                    .or(() -> JsonPaths.text(node, "errors"))
                    .orElseGet(() -> node.has("errors") ? node.get("errors").toString() : body);
        } catch (JsonProcessingException notJson) {
            message = body;
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    // ---- retry policy ------------------------------------------------------------------------------------

    /** Capped exponential backoff with jitter; a Retry-After is waited at least, up to max-backoff. */
    private long backoffMillis(int attempt, Either<Throwable, Object> outcome) {
        RetryDefinition policy = source.retry();
        double exponential = policy.initialBackoff().toNanos() * Math.pow(policy.multiplier(), Math.max(0, attempt - 1));
        double jittered = exponential * (1 + policy.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        long maxNanos = policy.maxBackoff().toNanos();
        long wait = (long) Math.min(jittered, maxNanos);
        if (outcome != null && outcome.isLeft() && outcome.getLeft() instanceof RetryableFailure f && f.retryAfter != null) {
            wait = Math.min(Math.max(wait, f.retryAfter.toNanos()), maxNanos);
        }
        // round up so a fractional Retry-After is never undercut
        return Math.max(1, (wait + 999_999) / 1_000_000);
    }

    private static RateLimiterConfig rateLimiterConfig(RateLimitDefinition limit) {
        // a bucket of `burst` permits refilled every burst/rate seconds approximates a token bucket
        long refreshNanos = Math.max(1_000L, (long) (limit.burst() / limit.requestsPerSecond() * 1e9));
        return RateLimiterConfig.custom()
                .limitForPeriod(limit.burst())
                .limitRefreshPeriod(Duration.ofNanos(refreshNanos))
                .timeoutDuration(Duration.ofSeconds(1))
                .build();
    }

    private SourceException exhaustedError(Call call, RetryableFailure last) {
        String name = source.name();
        String after = " after " + call.attempts + " attempts (waited " + seconds(call.waitedNanos) + ")";
        return switch (last.kind) {
            case REFUSED -> new SourceUnreachableException("source '" + name + "' is unreachable at " + shown(base)
                    + ": connection refused" + after + "; check base-url", last);
            case CONNECT_TIMEOUT -> new SourceUnreachableException("source '" + name + "' is unreachable at " + shown(base)
                    + ": no connection within " + source.timeouts().connect().toMillis() + "ms" + after
                    + "; check base-url or raise sendtime.sources." + name + ".timeouts.connect", last);
            case TIMEOUT -> new SourceUnreachableException("source '" + name + "' did not answer " + call.entity + " within "
                    + source.timeouts().request().toMillis() + "ms" + after + "; check the source or raise sendtime.sources."
                    + name + ".timeouts.request", last);
            case DROPPED -> new SourceUnreachableException("source '" + name + "' kept dropping the connection for "
                    + call.entity + after + ": " + last.getMessage(), last);
            case HTTP_STATUS -> new SourceUnavailableException("source '" + name + "' still answered HTTP " + last.status
                    + " for " + call.entity + after + "; try again later or raise sendtime.sources." + name + ".retry.max-attempts", last);
            case BAD_BODY -> new SourceProtocolException("source '" + name + "' kept sending invalid JSON for " + call.entity
                    + after + ": " + last.getMessage(), last);
        };
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    // ---- paging ------------------------------------------------------------------------------------------

    private URI pageUri(String name, EntityDefinition entity, int pageSize, Instant from, Instant to, String pageToken) {
        PaginationDefinition paging = source.paginationOf(name);
        if (paging.style() == PaginationStyle.LINK_HEADER && pageToken != null) {
            // the next link carries all its params; Shopify rejects filters sent alongside page_info
            return sameOrigin(pageToken);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (entity.hasBody()) {
            // the page size and the cursor travel in the body template
            params.putAll(new TreeMap<>(entity.params()));
            return withQuery(entity, params);
        }
        params.put(paging.limitParam(), Integer.toString(pageSize));
        if (entity.cursorMinParam() != null && from != null) {
            params.put(entity.cursorMinParam(), entity.cursorInEpochMillis() ? Long.toString(from.toEpochMilli())
                    : timestamp(from));
        }
        if (entity.cursorMaxParam() != null && to != null) {
            // milliseconds: the upper bound rounded up, so the window's last microseconds are asked for too
            params.put(entity.cursorMaxParam(), entity.cursorInEpochMillis()
                    ? Long.toString(Math.floorDiv(to.getEpochSecond() * 1_000_000_000L + to.getNano() + 999_999, 1_000_000))
                    : timestamp(to));
        }
        params.putAll(new TreeMap<>(entity.params()));
        switch (paging.style()) {
            case CURSOR_IN_BODY -> {
                if (pageToken != null) {
                    params.put(paging.cursorParam(), pageToken);
                }
            }
            case OFFSET -> params.put(paging.offsetParam(), Long.toString(offsetOf(pageToken)));
            case LINK_HEADER, GRAPHQL -> {
            }
        }
        return withQuery(entity, params);
    }

    private URI withQuery(EntityDefinition entity, Map<String, String> params) {
        StringBuilder url = new StringBuilder(stripTrailingSlash(source.baseUrl()));
        url.append(entity.path().startsWith("/") ? "" : "/").append(entity.path());
        char separator = entity.path().contains("?") ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            url.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    /** ISO-8601 UTC with {@code Z} and every fractional digit the instant has, never rounded to seconds. */
    static String timestamp(Instant instant) {
        return instant.toString();
    }

    private long offsetOf(String pageToken) {
        if (pageToken == null) {
            return 0;
        }
        try {
            return Long.parseLong(pageToken);
        } catch (NumberFormatException e) {
            throw new SourceProtocolException("source '" + source.name() + "' pages by offset but the page token '"
                    + pageToken + "' is not a number; it was not issued for this source");
        }
    }

    private URI sameOrigin(String url) {
        URI uri;
        try {
            uri = base.resolve(url);
        } catch (IllegalArgumentException e) {
            throw new SourceProtocolException("source '" + source.name() + "' page token is not a URL: '" + url + "'");
        }
        // credentials go with every request: never follow a link to another host
        if (!(equalsIgnoreCase(uri.getScheme(), base.getScheme()) && equalsIgnoreCase(uri.getHost(), base.getHost())
                && port(uri) == port(base))) {
            throw new SourceProtocolException("source '" + source.name() + "' next-page link " + uri.getScheme() + "://"
                    + uri.getHost() + ":" + port(uri) + " is not on base-url " + shown(base)
                    + "; refusing to send credentials elsewhere (set base-url to the host the source links to)");
        }
        return uri;
    }

    private List<JsonNode> recordsOf(String entity, EntityDefinition definition, JsonNode body) {
        JsonNode array = JsonPaths.at(body, definition.records());
        if (!array.isArray()) {
            throw new SourceProtocolException("source '" + source.name() + "' answered " + entity + " without a record array at '"
                    + (definition.records().isEmpty() ? "(body)" : definition.records()) + "'; check sendtime.sources."
                    + source.name() + ".entities." + entity + ".records");
        }
        List<JsonNode> records = new ArrayList<>(array.size());
        array.forEach(records::add);
        return records;
    }

    /**
     * One record per element of each item's {@code explode} array: the element, with the item's other fields under
     * {@code item}. An item without the array (or with an empty one) gives none.
     */
    private List<JsonNode> exploded(String entity, EntityDefinition definition, List<JsonNode> items) {
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode elements = item.path(definition.explode());
            if (elements.isMissingNode() || elements.isNull()) {
                continue;
            }
            if (!elements.isArray() || !item.isObject()) {
                throw new SourceProtocolException("source '" + source.name() + "' answered " + entity + " with '"
                        + definition.explode() + "' that is not an array; check sendtime.sources." + source.name()
                        + ".entities." + entity + ".explode");
            }
            com.fasterxml.jackson.databind.node.ObjectNode parent = ((com.fasterxml.jackson.databind.node.ObjectNode) item)
                    .deepCopy();
            parent.remove(definition.explode());
            for (JsonNode element : elements) {
                if (element.isObject()) {
                    records.add(((com.fasterxml.jackson.databind.node.ObjectNode) element).deepCopy().set("item", parent));
                } else {
                    records.add(element); // the extract quarantines it: not an object
                }
            }
        }
        return records;
    }

    private String nextPageToken(Call call, Response response, int received, int pageSize, String pageToken) {
        PaginationDefinition paging = source.paginationOf(call.entity);
        return switch (paging.style()) {
            case CURSOR_IN_BODY -> {
                if (paging.hasMorePath() != null && !JsonPaths.at(response.body, paging.hasMorePath()).asBoolean(false)) {
                    yield null; // the source says this was the last page, whatever cursor it sent beside it
                }
                String next = JsonPaths.text(response.body, paging.nextCursorPath()).orElse(null);
                if (next != null && next.equals(pageToken)) {
                    throw new SourceProtocolException("source '" + source.name() + "' returned the same cursor '" + next
                            + "' for " + call.entity + " twice; stopping instead of looping");
                }
                yield next;
            }
            case LINK_HEADER -> HttpHeaderValues.link(response.http.headers().allValues("Link"), paging.linkRel(), call.uri)
                    .map(URI::toString).orElse(null);
            case OFFSET -> received > 0 && received >= pageSize ? Long.toString(offsetOf(pageToken) + received) : null;
            case GRAPHQL -> {
                JsonNode pageInfo = JsonPaths.at(response.body, connectionOf(source.entity(call.entity)) + ".pageInfo");
                if (!pageInfo.path("hasNextPage").asBoolean(false)) {
                    yield null;
                }
                String next = JsonPaths.text(pageInfo, "endCursor").orElseThrow(() -> new SourceProtocolException(
                        "source '" + source.name() + "' said " + call.entity + " has a next page but sent no endCursor"));
                if (next.equals(pageToken)) {
                    throw new SourceProtocolException("source '" + source.name() + "' returned the same cursor for "
                            + call.entity + " twice; stopping instead of looping");
                }
                yield next;
            }
        };
    }

    /** The GraphQL connection of an entity: the parent of its records ({@code data.customers} of {@code data.customers.nodes}). */
    static String connectionOf(EntityDefinition entity) {
        int dot = entity.records().lastIndexOf('.');
        return dot < 0 ? "" : entity.records().substring(0, dot);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * A URL as errors and logs show it: scheme, host, port and path only. Its query (cursors, a key some APIs
     * take as a parameter) and any user info stay out of messages.
     */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    @Override
    public String toString() {
        return "RestSourceClient[source=" + source.name() + ", baseUrl=" + shown(base) + "]";
    }
}
