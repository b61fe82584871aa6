package io.sendtime.source;

/**
 * {@code sendtime.sources.<name>.rate-limit}: a client-side token bucket shared by every thread using
 * the source. Defaults: 10 requests per second, burst 10.
 *
 * @param requestsPerSecond sustained rate
 * @param burst             requests allowed back to back before the rate applies
 * @param queryCost         GraphQL sources that budget by query cost (Shopify): dotted path of the cost report in
 *                          each answer, e.g. {@code extensions.cost}; queries then wait for the reported bucket to
 *                          hold what they cost ({@link QueryCostBudget}); optional
 */
public record RateLimitDefinition(Double requestsPerSecond, Integer burst, String queryCost) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public RateLimitDefinition {
        requestsPerSecond = requestsPerSecond == null ? 10.0 : requestsPerSecond;
        burst = burst == null ? Math.max(1, (int) Math.ceil(requestsPerSecond)) : burst;
    }

    public RateLimitDefinition(Double requestsPerSecond, Integer burst) {
        this(requestsPerSecond, burst, null);
    }

    public static RateLimitDefinition defaults() {
        return new RateLimitDefinition(null, null, null);
    }
}
