package io.sendtime.samples;

/** One access token's GraphQL cost bucket ({@link QueryCostLimit}). Uses the monotonic clock. */
final class QueryCostBucket {

    /** The bucket after a query: admitted or not, what is left. */
    record Status(boolean admitted, double currentlyAvailable) {
    }

    private final QueryCostLimit limit;
    private double available;
    private long lastNanos = System.nanoTime();

    QueryCostBucket(QueryCostLimit limit) {
        this.limit = limit;
        this.available = limit.initiallyAvailable();
    }

    /** Takes the requested cost out when the bucket holds it. */
    synchronized Status take(double requested) {
        refill();
        if (available < requested) {
            return new Status(false, available);
        }
        available -= requested;
        return new Status(true, available);
    }

    /** Gives back what a query did not cost of what it requested. */
    synchronized double refund(double amount) {
        refill();
        available = Math.min(limit.maximum(), available + amount);
        return available;
    }

    QueryCostLimit limit() {
        return limit;
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(limit.maximum(), available + (now - lastNanos) / 1e9 * limit.restorePerSecond());
        lastNanos = now;
    }
}
