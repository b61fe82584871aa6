package io.sendtime.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The jobs' last runs and the data's ages on {@code /metrics} (docs/metrics.md), one series per job (and source or
 * campaign) and per source and entity, replaced at each refresh of the {@link PipelineWatch}. Labels are names of
 * jobs, sources, entities, campaigns and statuses: nothing about a person. The job's label is {@code job_name}:
 * Prometheus gives every scraped series a {@code job} of its own (the scrape job).
 */
final class PipelineMeters implements MeterBinder {

    private final Clock clock;
    private volatile PipelineState state = PipelineState.NOT_READ;
    private MultiGauge status;
    private MultiGauge started;
    private MultiGauge ended;
    private MultiGauge duration;
    private MultiGauge read;
    private MultiGauge written;
    private MultiGauge quarantined;
    private MultiGauge newest;
    private MultiGauge age;

    PipelineMeters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        status = gauge("sendtime.job.last.status", null,
                "The last run's status (one series per job, source and campaign, with its status as a label: 1)", registry);
        started = gauge("sendtime.job.last.start.timestamp", "seconds", "When the last run started (Unix time)", registry);
        ended = gauge("sendtime.job.last.end.timestamp", "seconds",
                "When the last run finished (Unix time; absent while it runs)", registry);
        duration = gauge("sendtime.job.last.duration", "seconds",
                "How long the last run took, or has taken so far while it runs", registry);
        read = gauge("sendtime.job.last.records.read", null, "Records the last run read", registry);
        written = gauge("sendtime.job.last.records.written", null, "Records the last run wrote", registry);
        quarantined = gauge("sendtime.job.last.records.quarantined", null,
                "Records the last run rejected to quarantine", registry);
        newest = gauge("sendtime.data.newest.timestamp", "seconds",
                "What the committed data of a source and entity is complete to (Unix time)", registry);
        age = gauge("sendtime.data.age", "seconds", "Age of the newest committed data of a source and entity", registry);
        Gauge.builder("sendtime.monitor.last.read.timestamp", this, m -> seconds(m.state.readAt())).baseUnit("seconds")
                .description("When the job repository and the lake were last read for these series (Unix time)")
                .register(registry);
        FunctionCounter.builder("sendtime.monitor.read.failures", this, m -> m.state.failures())
                .description("Reads of the job repository or the lake that failed").register(registry);
        show(state);
    }

    /** What the watch read last, from now on. */
    synchronized void update(PipelineState next) {
        state = next;
        if (status != null) {
            show(next);
        }
    }

    private void show(PipelineState s) {
        List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
        List<MultiGauge.Row<?>> startRows = new ArrayList<>();
        List<MultiGauge.Row<?>> endRows = new ArrayList<>();
        List<MultiGauge.Row<?>> durationRows = new ArrayList<>();
        List<MultiGauge.Row<?>> readRows = new ArrayList<>();
        List<MultiGauge.Row<?>> writtenRows = new ArrayList<>();
        List<MultiGauge.Row<?>> quarantinedRows = new ArrayList<>();
        for (LastRun run : s.runs()) {
            Tags tags = Tags.of("job_name", run.job(), "source", run.source(), "campaign", run.campaign());
            statusRows.add(MultiGauge.Row.of(tags.and("status", run.status()), 1));
            if (run.startedAt() != null) {
                startRows.add(MultiGauge.Row.of(tags, seconds(run.startedAt())));
                durationRows.add(MultiGauge.Row.of(tags, run, this::duration));
            }
            if (run.endedAt() != null) {
                endRows.add(MultiGauge.Row.of(tags, seconds(run.endedAt())));
            }
            readRows.add(MultiGauge.Row.of(tags, run.read()));
            writtenRows.add(MultiGauge.Row.of(tags, run.written()));
            quarantinedRows.add(MultiGauge.Row.of(tags, run.quarantined()));
        }
        status.register(statusRows, true);
        started.register(startRows, true);
        ended.register(endRows, true);
        duration.register(durationRows, true);
        read.register(readRows, true);
        written.register(writtenRows, true);
        quarantined.register(quarantinedRows, true);
        List<MultiGauge.Row<?>> newestRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        for (DataAge data : s.ages()) {
            Tags tags = Tags.of("source", data.source(), "entity", data.entity());
            newestRows.add(MultiGauge.Row.of(tags, seconds(data.newest())));
            ageRows.add(MultiGauge.Row.of(tags, data, (ToDoubleFunction<DataAge>) this::age));
        }
        newest.register(newestRows, true);
        age.register(ageRows, true);
    }

    private double duration(LastRun run) {
        Instant end = run.endedAt() != null ? run.endedAt() : clock.instant();
        return Math.max(0, Duration.between(run.startedAt(), end).toMillis() / 1000.0);
    }

    private double age(DataAge data) {
        return Math.max(0, Duration.between(data.newest(), clock.instant()).toMillis() / 1000.0);
    }

    private static MultiGauge gauge(String name, String unit, String description, MeterRegistry registry) {
        MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
        return (unit == null ? builder : builder.baseUnit(unit)).register(registry);
    }

    private static double seconds(Instant at) {
        return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
    }
}
