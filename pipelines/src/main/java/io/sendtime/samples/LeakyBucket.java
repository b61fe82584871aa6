package io.sendtime.samples;

/** One access token's bucket. Uses the monotonic nanosecond clock, not the store clock. */
final class LeakyBucket {

    /** Outcome of one request: admitted or not, the level to report, the wait when refused. */
    record Admission(boolean admitted, int used, double retryAfterSeconds) {
    }

    private final RateLimit limit;
    private double level;
    private long lastNanos = System.nanoTime();

    LeakyBucket(RateLimit limit) {
        this.limit = limit;
    }

    synchronized Admission admit() {
        long nowNanos = System.nanoTime();
        level = Math.max(0, level - (nowNanos - lastNanos) / 1e9 * limit.leakPerSecond());
        lastNanos = nowNanos;
        if (level + 1 > limit.capacity()) {
            double wait = (level + 1 - limit.capacity()) / limit.leakPerSecond();
            return new Admission(false, limit.capacity(), Math.max(0.1, Math.ceil(wait * 10) / 10));
        }
        level += 1;
        return new Admission(true, (int) Math.ceil(level), 0);
    }
}
