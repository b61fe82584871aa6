package io.sendtime.samples;

/**
 * The commerce API's leaky bucket per access token: each request adds one call, the bucket
 * leaks {@code leakPerSecond} calls per second, and a request that would overflow
 * {@code capacity} gets 429.
 */
public record RateLimit(int capacity, double leakPerSecond) {

    /** Shopify's standard plan: 40 calls, leaking 2 per second. */
    public static final RateLimit REALISTIC = new RateLimit(40, 2);
    /** For demos and benchmarks: effectively unlimited on one machine. */
    public static final RateLimit GENEROUS = new RateLimit(1000, 1000);

    public RateLimit {
        if (capacity < 1 || !(leakPerSecond > 0)) {
            throw new IllegalArgumentException("capacity must be >= 1 and leak rate > 0");
        }
    }

    /** {@code realistic} or {@code generous}. */
    public static RateLimit preset(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "realistic" -> REALISTIC;
            case "generous" -> GENEROUS;
            default -> throw new IllegalArgumentException("unknown rate-limit preset: " + name
                    + " (expected realistic or generous)");
        };
    }
}
