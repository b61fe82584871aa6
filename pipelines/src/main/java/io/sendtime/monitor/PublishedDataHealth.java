package io.sendtime.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of what {@code sendtime serve} serves from the jobs' output: the job repository and the lake were read
 * lately, and every source and entity an extract brings is newer than {@code sendtime.serve.health.max-data-age}.
 * DOWN (503 on {@code /health/readiness}) with one line saying why; reads memory only ({@link PipelineWatch}).
 */
final class PublishedDataHealth implements HealthIndicator {

    private final PipelineWatch watch;
    private final HealthSettings settings;
    private final Clock clock;

    PublishedDataHealth(PipelineWatch watch, HealthSettings settings, Clock clock) {
        this.watch = watch;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Health health() {
        PipelineState state = watch.state();
        Instant now = clock.instant();
        if (state.readAt() == null) {
            return Health.down().withDetail("problem", "the job repository and the lake not read yet: " + state.problem())
                    .build();
        }
        Duration sinceRead = Duration.between(state.readAt(), now);
        if (sinceRead.compareTo(settings.staleRead()) > 0) {
            return Health.down().withDetail("problem", "the job repository or the lake not readable for "
                    + sinceRead.toSeconds() + "s: " + state.problem()).build();
        }
        List<DataAge> extracted = state.ages().stream().filter(DataAge::extracted).toList();
        if (extracted.isEmpty()) {
            return Health.down().withDetail("problem", "no extract has committed data yet").build();
        }
        List<String> stale = extracted.stream()
                .filter(a -> Duration.between(a.newest(), now).compareTo(settings.maxDataAge()) > 0)
                .map(a -> a.source() + "." + a.entity() + " complete to " + a.newest()).toList();
        if (!stale.isEmpty()) {
            return Health.down().withDetail("problem", stale.size() + " source entit" + (stale.size() == 1 ? "y" : "ies")
                    + " older than " + settings.maxDataAge() + " (sendtime.serve.health.max-data-age)")
                    .withDetail("stale", stale).build();
        }
        Instant oldest = extracted.stream().map(DataAge::newest).min(Instant::compareTo).orElseThrow();
        return Health.up().withDetail("oldestDataCompleteTo", oldest.toString()).withDetail("readAt",
                state.readAt().toString()).build();
    }
}
