package io.sendtime.source;

import java.time.Duration;

/**
 * {@code sendtime.sources.<name>.retry}: capped exponential backoff with jitter for 429, 5xx, dropped
 * connections, timeouts and unparseable bodies. A {@code Retry-After} header is honored: the wait is at
 * least what it asks, capped by {@code max-backoff}. Defaults: 5 attempts, 500ms, 30s, x2, jitter 0.2.
 *
 * @param maxAttempts    attempts in total, the first included
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff     no single wait is longer
 * @param multiplier     growth of the wait per attempt
 * @param jitter         0..1: each wait is randomized by up to this fraction either way
 */
public record RetryDefinition(
        Integer maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Double multiplier,
        Double jitter) {

    public RetryDefinition {
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        multiplier = multiplier == null ? 2.0 : multiplier;
        jitter = jitter == null ? 0.2 : jitter;
    }

    public static RetryDefinition defaults() {
        return new RetryDefinition(null, null, null, null, null);
    }
}
