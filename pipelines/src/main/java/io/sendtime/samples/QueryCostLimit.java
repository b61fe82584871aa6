package io.sendtime.samples;

/**
 * The commerce API's GraphQL cost bucket per access token, as Shopify's GraphQL Admin API has it: a query is
 * admitted when the bucket holds its requested cost, which is taken out and the difference to its actual cost
 * given back; the bucket refills at {@code restorePerSecond} up to {@code maximum}. A token's bucket starts with
 * {@code initiallyAvailable}.
 */
public record QueryCostLimit(double maximum, double restorePerSecond, double initiallyAvailable) {

    /** Shopify's standard plan: 100 points a second, a bucket of 2,000. */
    public static final QueryCostLimit REALISTIC = new QueryCostLimit(2_000, 100, 2_000);
    /** For demos and benchmarks: effectively unlimited on one machine. */
    public static final QueryCostLimit GENEROUS = new QueryCostLimit(1_000_000, 1_000_000, 1_000_000);

    public QueryCostLimit {
        if (!(maximum > 0) || !(restorePerSecond > 0) || initiallyAvailable < 0 || initiallyAvailable > maximum) {
            throw new IllegalArgumentException("maximum and restore rate must be > 0, initially available within [0, maximum]");
        }
    }

    /** The query cost limit that goes with a request rate limit preset. */
    static QueryCostLimit matching(RateLimit rateLimit) {
        return rateLimit == RateLimit.GENEROUS ? GENEROUS : REALISTIC;
    }
}
