package io.sendtime.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sample CRM (HubSpot CRM v3 style) and commerce (Shopify Admin REST style) APIs, served
 * together by one JDK HTTP server on 127.0.0.1. See {@code docs/sample-apis.md} for the contract.
 *
 * <pre>{@code
 * try (SampleApis apis = SampleApis.start(SampleApiOptions.builder()
 *         .dataset(Dataset.generated(7, 10_000)).rateLimit(RateLimit.GENEROUS).build())) {
 *     URI base = apis.baseUrl();          // http://127.0.0.1:<port>
 *     apis.store().churn(Entity.ORDERS, Churn.of(5, 20, 2).withTies(30));
 *     apis.faults().serverError(503, 2, "/admin/");
 * }
 * }</pre>
 */
public final class SampleApis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SampleApis.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] CRM_UNAUTHORIZED = ("{\"status\":\"error\",\"category\":\"INVALID_AUTHENTICATION\","
            + "\"message\":\"Authentication credentials not found. This API supports OAuth 2.0 authentication "
            + "and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMERCE_UNAUTHORIZED =
            "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}"
                    .getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus
        // delayed ACKs add ~40 ms per response. Read once by the JDK when its server first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final SampleStore store;
    private final Faults faults = new Faults();
    private final RequestStats stats = new RequestStats();
    private final SampleApiOptions options;
    private final Map<String, LeakyBucket> buckets = new ConcurrentHashMap<>();
    private final CrmSearch search;
    private final SubscriptionsTimeline timeline;
    private final ShopifyGraphql shopify;
    /** HubSpot's CRM search: 4 requests a second per token. */
    private static final RateLimit SEARCH_RATE = new RateLimit(4, 4);
    private final String base;

    private SampleApis(SampleApiOptions options) throws IOException {
        this.options = options;
        this.store = options.dataset().open(options.clock());
        this.search = new CrmSearch(store);
        this.timeline = new SubscriptionsTimeline(store);
        this.shopify = new ShopifyGraphql(store, options.queryCost());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 128);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "sample-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(options.threads(), threads);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts the server; close the handle to stop it. */
    public static SampleApis start(SampleApiOptions options) {
        try {
            SampleApis apis = new SampleApis(options);
            log.info("sample APIs listening on {} serving {} (commerce rate limit {}/{} per s)",
                    apis.base, apis.store.description(), options.rateLimit().capacity(),
                    options.rateLimit().leakPerSecond());
            return apis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sample APIs", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the base of both APIs. */
    public URI baseUrl() {
        return URI.create(base);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The bearer token the CRM API accepts. */
    public String crmToken() {
        return options.crmToken();
    }

    /** The {@code X-Shopify-Access-Token} the commerce API accepts. */
    public String commerceToken() {
        return options.commerceToken();
    }

    /** The served records; churn and injection go through here. */
    public SampleStore store() {
        return store;
    }

    public Faults faults() {
        return faults;
    }

    public RequestStats stats() {
        return stats;
    }

    /** Every request received so far. */
    public long requestCount() {
        return stats.total();
    }

    /** Stops the server at once (open exchanges are dropped). */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("sample APIs on {} stopped after {} requests", base, stats.total());
    }

    // ------------------------------------------------------------------ request handling

    /** A failed request: status and JSON body. */
    private static final class ApiError extends Exception {
        final int status;
        final String body;

        ApiError(int status, String body) {
            super(body, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        stats.total.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Faults.Hit fault = faults.take(path);
            if (fault != null) {
                stats.faulted.incrementAndGet();
                switch (fault.kind()) {
                    case DOWN, DROP_CONNECTION -> {
                        return; // closing an exchange before its headers are sent drops the connection
                    }
                    case RATE_LIMIT -> {
                        if (!isCrm(path)) {
                            int capacity = options.rateLimit().capacity();
                            exchange.getResponseHeaders().set("X-Shopify-Shop-Api-Call-Limit", capacity + "/" + capacity);
                        }
                        exchange.getResponseHeaders().set("Retry-After", seconds(fault.duration().toMillis() / 1000.0));
                        send(exchange, 429, rateLimitBody(path));
                        return;
                    }
                    case SERVER_ERROR -> {
                        send(exchange, fault.status(), serverErrorBody(path, fault.status()));
                        return;
                    }
                    case SLOW -> sleep(fault.duration().toMillis());
                    default -> {
                    }
                }
            }
            Entity entity = Entity.forPath(path);
            byte[] body;
            try {
                body = respond(exchange, path, entity);
            } catch (ApiError e) {
                send(exchange, e.status, e.body.getBytes(StandardCharsets.UTF_8));
                return;
            }
            stats.ok.incrementAndGet();
            if (fault != null && fault.kind() == Faults.Kind.TRUNCATED_BODY) {
                body = java.util.Arrays.copyOf(body, body.length / 2);
            }
            send(exchange, 200, body);
        } catch (RuntimeException e) {
            log.warn("sample API request failed: {}", e.toString());
            throw e;
        }
    }

    private byte[] respond(HttpExchange exchange, String path, Entity entity) throws ApiError, IOException {
        boolean crm = isCrm(path);
        if (path.equals(SubscriptionsTimeline.PATH)) {
            return subscriptionsTimeline(exchange);
        }
        if (crm && path.endsWith("/search") && entity == null) {
            return crmSearch(exchange, Entity.forPath(path.substring(0, path.length() - "/search".length())));
        }
        if (path.equals(ShopifyGraphql.PATH)) {
            return graphql(exchange);
        }
        if (entity == null) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(404, crm ? crmError("OBJECT_NOT_FOUND", "Unknown path " + path) : "{\"errors\":\"Not Found\"}");
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(405, crm ? crmError("VALIDATION_ERROR", "Only GET is supported")
                    : "{\"errors\":\"Method Not Allowed\"}");
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        return entity.system() == Entity.SourceSystem.CRM ? crmPage(exchange, entity, query)
                : commercePage(exchange, entity, query);
    }

    /** HubSpot's email subscriptions timeline ({@link SubscriptionsTimeline}). */
    private byte[] subscriptionsTimeline(HttpExchange exchange) throws ApiError, IOException {
        crmAuthorized(exchange);
        if (!exchange.getRequestMethod().equals("GET")) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(405, crmError("VALIDATION_ERROR", "the timeline takes GET"));
        }
        try {
            return timeline.page(query(exchange.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException e) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(400, crmError("VALIDATION_ERROR", e.getMessage()));
        }
    }

    /** HubSpot's CRM search ({@link CrmSearch}), limited like HubSpot's to 4 requests a second per token. */
    private byte[] crmSearch(HttpExchange exchange, Entity entity) throws ApiError, IOException {
        if (entity == null || entity.system() != Entity.SourceSystem.CRM) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(404, crmError("OBJECT_NOT_FOUND", "Unknown object type"));
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(405, crmError("VALIDATION_ERROR", "search takes POST"));
        }
        String token = crmAuthorized(exchange);
        if (options.rateLimit() != RateLimit.GENEROUS) {
            LeakyBucket.Admission admission = buckets.computeIfAbsent("search:" + token,
                    t -> new LeakyBucket(SEARCH_RATE)).admit();
            if (!admission.admitted()) {
                stats.rateLimited.incrementAndGet();
                throw new ApiError(429, crmError("RATE_LIMITS", "You have reached your secondly limit."));
            }
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            return search.search(entity, body);
        } catch (IllegalArgumentException e) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(400, crmError("VALIDATION_ERROR", e.getMessage()));
        }
    }

    /** Shopify's GraphQL Admin API ({@link ShopifyGraphql}), limited by query cost per access token. */
    private byte[] graphql(HttpExchange exchange) throws ApiError, IOException {
        String token = exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token");
        if (token == null || !same(token.trim(), options.commerceToken())) {
            stats.unauthorized.incrementAndGet();
            throw new ApiError(401, new String(COMMERCE_UNAUTHORIZED, StandardCharsets.UTF_8));
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(405, "{\"errors\":\"Method Not Allowed\"}");
        }
        return shopify.execute(token.trim(), exchange.getRequestBody().readAllBytes());
    }

    /** The bearer token of an authorized CRM request. */
    private String crmAuthorized(HttpExchange exchange) throws ApiError {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !same(auth.substring(7).trim(), options.crmToken())) {
            stats.unauthorized.incrementAndGet();
            throw new ApiError(401, new String(CRM_UNAUTHORIZED, StandardCharsets.UTF_8));
        }
        return auth.substring(7).trim();
    }

    private byte[] crmPage(HttpExchange exchange, Entity entity, Map<String, String> q) throws ApiError, IOException {
        crmAuthorized(exchange);
        try {
            int limit = limit(q.get("limit"), 10, 100);
            PageToken from;
            if (q.containsKey("after")) {
                from = PageToken.decode(q.get("after"), entity);
            } else {
                long lo = q.containsKey("lastmodifieddate_gte") ? Timestamps.parse(q.get("lastmodifieddate_gte"), true) : Long.MIN_VALUE;
                long hi = q.containsKey("lastmodifieddate_lt") ? Timestamps.parse(q.get("lastmodifieddate_lt"), true) : Long.MAX_VALUE;
                from = new PageToken(entity, null, lo, hi);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart("results");
                Feed.PageResult page = store.feed(entity).page(from.lo(), from.hi(), from.last(), limit, g);
                g.writeEndArray();
                stats.records.addAndGet(page.served());
                if (page.more()) {
                    String token = new PageToken(entity, page.last(), from.lo(), from.hi()).encode();
                    g.writeObjectFieldStart("paging");
                    g.writeObjectFieldStart("next");
                    g.writeStringField("after", token);
                    g.writeStringField("link", base + entity.path() + "?after=" + token + "&limit=" + limit);
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IllegalArgumentException e) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(400, crmError("VALIDATION_ERROR", e.getMessage()));
        }
    }

    private byte[] commercePage(HttpExchange exchange, Entity entity, Map<String, String> q) throws ApiError, IOException {
        String token = exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token");
        if (token == null || !same(token.trim(), options.commerceToken())) {
            stats.unauthorized.incrementAndGet();
            throw new ApiError(401, new String(COMMERCE_UNAUTHORIZED, StandardCharsets.UTF_8));
        }
        RateLimit limitConfig = options.rateLimit();
        LeakyBucket.Admission admission = buckets.computeIfAbsent(token.trim(), t -> new LeakyBucket(limitConfig)).admit();
        exchange.getResponseHeaders().set("X-Shopify-Shop-Api-Call-Limit", admission.used() + "/" + limitConfig.capacity());
        if (!admission.admitted()) {
            stats.rateLimited.incrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", seconds(admission.retryAfterSeconds()));
            throw new ApiError(429, rateLimitMessage(limitConfig.leakPerSecond()));
        }
        String minParam = entity == Entity.STOREFRONT_EVENTS ? "created_at_min" : "updated_at_min";
        String maxParam = entity == Entity.STOREFRONT_EVENTS ? "created_at_max" : "updated_at_max";
        try {
            int limit = limit(q.get("limit"), 50, 250);
            PageToken from;
            if (q.containsKey("page_info")) {
                for (String name : q.keySet()) {
                    if (!name.equals("page_info") && !name.equals("limit")) {
                        throw new IllegalArgumentException("page_info cannot be combined with " + name);
                    }
                }
                from = PageToken.decode(q.get("page_info"), entity);
            } else {
                long lo = q.containsKey(minParam) ? Timestamps.parse(q.get(minParam), false) : Long.MIN_VALUE;
                long hi = q.containsKey(maxParam) ? Timestamps.parse(q.get(maxParam), false) + 1 : Long.MAX_VALUE;
                from = new PageToken(entity, null, lo, hi);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
            Feed.PageResult page;
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeArrayFieldStart(entity.listKey());
                page = store.feed(entity).page(from.lo(), from.hi(), from.last(), limit, g);
                g.writeEndArray();
                g.writeEndObject();
            }
            stats.records.addAndGet(page.served());
            if (page.more()) {
                String next = new PageToken(entity, page.last(), from.lo(), from.hi()).encode();
                exchange.getResponseHeaders().set("Link",
                        "<" + base + entity.path() + "?limit=" + limit + "&page_info=" + next + ">; rel=\"next\"");
            }
            return out.toByteArray();
        } catch (IllegalArgumentException e) {
            stats.badRequests.incrementAndGet();
            throw new ApiError(400, "{\"errors\":" + quote(e.getMessage()) + "}");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A {@code limit} parameter: {@code dflt} when absent; @throws IllegalArgumentException a 400's message */
    static int limit(String value, int dflt, int max) {
        if (value == null) {
            return dflt;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be an integer: " + value);
        }
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(name, value);
        }
        return q;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    private static byte[] rateLimitBody(String path) {
        String body = isCrm(path)
                ? crmError("RATE_LIMITS", "You have reached your secondly limit.")
                : rateLimitMessage(2);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String rateLimitMessage(double leakPerSecond) {
        String rate = leakPerSecond == Math.rint(leakPerSecond) ? Long.toString((long) leakPerSecond)
                : Double.toString(leakPerSecond);
        return "{\"errors\":\"Exceeded " + rate
                + " calls per second for api client. Reduce request rates to resume uninterrupted service.\"}";
    }

    private static byte[] serverErrorBody(String path, int status) {
        String body = isCrm(path) ? crmError("INTERNAL_ERROR", "internal error " + status)
                : "{\"errors\":\"Internal Server Error\"}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isCrm(String path) {
        return path.startsWith("/crm/") || path.startsWith("/communication-preferences/") || path.startsWith("/email/public/");
    }

    private static String crmError(String category, String message) {
        return "{\"status\":\"error\",\"category\":\"" + category + "\",\"message\":" + quote(message) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : String.valueOf(s).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Seconds with one decimal, like {@code 1.0}. */
    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
