package io.sendtime.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The ingestion lag on {@code /metrics} (docs/metrics.md): events durable in the log and not yet in the lake, the
 * age of the oldest of them, the log's size against its capacity, and when the committer last committed a run. Read
 * from memory at each scrape: nothing here touches a disk.
 */
final class IngestMeters implements MeterBinder {

    private final EventIntake intake;
    private final long capacityBytes;
    private final Clock clock;

    IngestMeters(EventIntake intake, long capacityBytes, Clock clock) {
        this.intake = intake;
        this.capacityBytes = capacityBytes;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        IngestBacklog backlog = intake.committer().backlog();
        Gauge.builder("sendtime.ingest.events.waiting", backlog, IngestBacklog::events)
                .description("Events durable in the event log and not yet committed to the lake").register(registry);
        Gauge.builder("sendtime.ingest.oldest.event.age", backlog, this::oldestAge).baseUnit("seconds")
                .description("Age of the oldest event not yet committed to the lake (0 when none waits)").register(registry);
        Gauge.builder("sendtime.ingest.last.commit.timestamp", backlog, IngestMeters::lastCommit).baseUnit("seconds")
                .description("When the committer last committed a run to the lake (Unix time; NaN before the first)")
                .register(registry);
        Gauge.builder("sendtime.ingest.log.size", intake, EventIntake::logBytes).baseUnit("bytes")
                .description("Bytes the event log holds").register(registry);
        Gauge.builder("sendtime.ingest.log.capacity", () -> capacityBytes).baseUnit("bytes")
                .description("The most the event log holds before the server answers 503").register(registry);
    }

    private double oldestAge(IngestBacklog backlog) {
        Instant oldest = backlog.oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private static double lastCommit(IngestBacklog backlog) {
        Instant last = backlog.lastCommit();
        return last == null ? Double.NaN : last.toEpochMilli() / 1000.0;
    }
}
