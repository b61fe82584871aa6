package io.sendtime.render;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.render}: where the templates are and how many threads render.
 *
 * @param templates the templates directory (campaigns/ and macros/)
 * @param threads   rendering threads (0: one per core)
 * @param stockSource the configured source whose {@code products} entity gives price and stock at send time
 * @param stockTimeout how long the render waits for it before using the last load's stock
 * @param batchSize  recipients handed to the render threads at a time (0: 2,048); a few batches are in flight at once
 */
@ConfigurationProperties("sendtime.render")
public record RenderSettings(Path templates, int threads, String stockSource, java.time.Duration stockTimeout,
                             int batchSize) {

    public RenderSettings {
        templates = templates == null ? Path.of("templates") : templates;
        threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        stockSource = stockSource == null ? "commerce" : stockSource;
        stockTimeout = stockTimeout == null ? java.time.Duration.ofSeconds(30) : stockTimeout;
        batchSize = batchSize <= 0 ? RenderPipeline.BATCH : batchSize;
    }
}
