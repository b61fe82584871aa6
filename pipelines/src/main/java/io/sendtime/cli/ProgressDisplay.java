package io.sendtime.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.extract.ExtractProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a job's progress: a progress bar when attached to a terminal, a log line every few seconds
 * otherwise (Airflow task logs, CI). Counts only.
 */
final class ProgressDisplay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("progress");
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final ExtractProgress source;
    private final ProgressBar bar;
    private final String label;
    private final Map<String, AtomicLong> perEntity = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private volatile long lastLog = System.nanoTime();

    private ProgressDisplay(ExtractProgress source, String label) {
        this.source = source;
        this.label = label;
        this.bar = System.console() != null
                ? new ProgressBarBuilder().setTaskName("extract " + label).setInitialMax(-1).setUnit(" records", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build()
                : null;
        source.reportTo(chunk -> {
            long now = total.addAndGet(chunk.records());
            perEntity.computeIfAbsent(chunk.entity(), e -> new AtomicLong()).addAndGet(chunk.records());
            if (bar != null) {
                bar.stepTo(now);
                bar.setExtraMessage(chunk.entity());
            } else if (System.nanoTime() - lastLog > LOG_EVERY.toNanos()) {
                lastLog = System.nanoTime();
                log.info("extract {}: {} records so far {}", label, now, perEntity);
            }
        });
    }

    static ProgressDisplay forExtract(Services services, String label) {
        return new ProgressDisplay(services.get(ExtractProgress.class), label);
    }

    @Override
    public void close() {
        source.reportTo(chunk -> { });
        if (bar != null) {
            bar.close();
        }
    }
}
