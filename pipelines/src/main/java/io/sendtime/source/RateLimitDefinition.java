package io.sendtime.source;

/**
 * {@code sendtime.sources.<name>.rate-limit}: a client-side token bucket shared by every thread using
 * the source. Defaults: 10 requests per second, burst 10.
 *
 * @param requestsPerSecond sustained rate
 * @param burst             requests allowed back to back before the rate applies
 */
public record RateLimitDefinition(Double requestsPerSecond, Integer burst) {

    public RateLimitDefinition {
        requestsPerSecond = requestsPerSecond == null ? 10.0 : requestsPerSecond;
        burst = burst == null ? Math.max(1, (int) Math.ceil(requestsPerSecond)) : burst;
    }

    public static RateLimitDefinition defaults() {
        return new RateLimitDefinition(null, null);
    }
}
