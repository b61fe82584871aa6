package io.sendtime.source;

import java.time.Duration;
import java.util.Map;

/** Small source definitions for tests: fast retries, short timeouts, no rate limit to speak of. */
final class TestSources {

    static final String TOKEN_ENV = "TEST_API_TOKEN";
    static final String TOKEN = "tok-0123456789-secret-value";

    private TestSources() {
    }

    static EntityDefinition items() {
        return new EntityDefinition("/items", "results", "id", "updatedAt", "updated_gte", "updated_lt", Map.of(), 3, null);
    }

    static RetryDefinition fastRetry(int maxAttempts) {
        return new RetryDefinition(maxAttempts, Duration.ofMillis(10), Duration.ofSeconds(2), 2.0, 0.0);
    }

    static SourceDefinition source(String baseUrl, AuthDefinition auth, PaginationDefinition paging) {
        return source(baseUrl, auth, paging, Map.of("items", items()));
    }

    static SourceDefinition source(String baseUrl, AuthDefinition auth, PaginationDefinition paging,
                                   Map<String, EntityDefinition> entities) {
        return new SourceDefinition("test", baseUrl, auth, paging, new RateLimitDefinition(1000.0, 100), fastRetry(4),
                new TimeoutsDefinition(Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofMinutes(5), entities);
    }

    static SourceDefinition cursorSource(String baseUrl) {
        return source(baseUrl, AuthDefinition.bearer(TOKEN_ENV), PaginationDefinition.cursorInBody("paging.next.after", "after", 3));
    }

    static SecretResolver secrets() {
        return SecretResolver.of(Map.of(TOKEN_ENV, TOKEN));
    }

    /** {"results":[{"id":"1","updatedAt":"..."},...]} for ids from..to-1, plus an optional extra JSON member. */
    static String results(int from, int to, String extra) {
        StringBuilder body = new StringBuilder("{\"results\":[");
        for (int i = from; i < to; i++) {
            body.append(i > from ? "," : "").append("{\"id\":\"").append(i).append("\",\"updatedAt\":\"2026-10-01T10:00:00.")
                    .append(String.format("%03d", i)).append("Z\"}");
        }
        body.append(']');
        if (extra != null) {
            body.append(',').append(extra);
        }
        return body.append('}').toString();
    }
}
