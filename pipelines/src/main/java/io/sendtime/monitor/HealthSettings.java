package io.sendtime.monitor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.serve.health}: what {@code sendtime serve}'s {@code /health} and {@code /metrics} read of the jobs'
 * output, and when its data counts as too old (docs/metrics.md).
 *
 * @param maxDataAge readiness is DOWN when the newest committed data of an extracted source and entity is older
 * @param refresh    how often the job repository and the lake are read (a scrape reads what was read last)
 * @param timeout    the longest a query of the job repository may take before the read counts as failed
 */
@ConfigurationProperties("sendtime.serve.health")
public record HealthSettings(Duration maxDataAge, Duration refresh, Duration timeout) {

    public HealthSettings {
        maxDataAge = maxDataAge == null ? Duration.ofHours(26) : maxDataAge;
        refresh = refresh == null || refresh.isZero() || refresh.isNegative() ? Duration.ofSeconds(15) : refresh;
        timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(5) : timeout;
    }

    /** A read older than this means the job repository or the lake could not be read since (readiness DOWN). */
    public Duration staleRead() {
        return refresh.multipliedBy(3).plus(timeout);
    }
}
