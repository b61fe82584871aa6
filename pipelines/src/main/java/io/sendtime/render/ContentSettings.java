package io.sendtime.render;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.serve}: open-time content ({@code GET /v1/content/<campaign>/<recipient>}, {@link OpenTimeContent}).
 *
 * @param renderBudget how long a request may take to render; past it the campaign's fallback tokens (default 150 ms)
 * @param content      the rest of open-time content's settings
 */
@ConfigurationProperties("sendtime.serve")
public record ContentSettings(Duration renderBudget, Content content) {

    /**
     * @param stockTimeout how long a stock refresh from the commerce API may take before it is abandoned; inside the
     *                     budget (default 100 ms)
     * @param stockCache   how long refreshed stock is used before the API is asked again (default 5 s)
     * @param refresh      how often the newest render's lookups and the suppression list are looked at again (10 s)
     * @param threads      renders at once (default two per core); {@code queue} more wait, past that the fallback
     * @param queue        requests waiting for a render thread (default 64)
     */
    public record Content(Duration stockTimeout, Duration stockCache, Duration refresh, Integer threads, Integer queue) {
        public Content {
            stockTimeout = stockTimeout == null ? Duration.ofMillis(100) : stockTimeout;
            stockCache = stockCache == null ? Duration.ofSeconds(5) : stockCache;
            refresh = refresh == null ? Duration.ofSeconds(10) : refresh;
            threads = threads == null || threads <= 0 ? 2 * Runtime.getRuntime().availableProcessors() : threads;
            queue = queue == null || queue < 0 ? 64 : queue;
        }
    }

    public ContentSettings {
        renderBudget = renderBudget == null ? Duration.ofMillis(150) : renderBudget;
        content = content == null ? new Content(null, null, null, null, null) : content;
    }
}
