package io.sendtime.monitor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;

/**
 * Reads the last runs and the data ages every {@code refresh} on its own thread and keeps the result: a scrape or a
 * health check reads memory, never the job repository or the lake, so a slow job repository cannot hang either (it
 * only makes what they read older, which readiness reports).
 */
final class PipelineWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineWatch.class);

    private final LastRuns lastRuns;
    private final DataAges dataAges;
    private final HealthSettings settings;
    private final Consumer<PipelineState> listener;
    private final Clock clock;
    private volatile PipelineState state = PipelineState.NOT_READ;
    private ScheduledExecutorService executor;

    PipelineWatch(LastRuns lastRuns, DataAges dataAges, HealthSettings settings, Consumer<PipelineState> listener,
                  Clock clock) {
        this.lastRuns = lastRuns;
        this.dataAges = dataAges;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
    }

    synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pipeline-watch");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::refresh, 0, settings.refresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    PipelineState state() {
        return state;
    }

    /** One read of the job repository and the lake; a failure is kept as the state's problem, never thrown. */
    void refresh() {
        PipelineState next;
        try {
            List<LastRun> runs = lastRuns.read();
            List<DataAge> ages = new ArrayList<>(dataAges.extracted());
            Set<String> extracted = ages.stream().map(DataAge::source).collect(Collectors.toSet());
            ages.addAll(dataAges.received(extracted));
            next = state.read(clock.instant(), runs, ages);
        } catch (RuntimeException e) {
            String why = ErrorMessages.oneLine(e);
            if (state.problem() == null || !state.problem().equals(why)) {
                log.warn("cannot read the jobs' output for /metrics and /health: {}", why);
            }
            next = state.failed(why);
        }
        state = next;
        try {
            listener.accept(next);
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: the next refresh must happen
            log.warn("cannot publish what was read to /metrics: {}", ErrorMessages.oneLine(e));
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
