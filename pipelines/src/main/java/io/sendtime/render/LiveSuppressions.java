package io.sendtime.render;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;
import io.sendtime.privacy.SuppressionList;

/**
 * The live suppression list (in the job repository) for open-time content, read again every {@code refresh} in the
 * background. Fail closed: while it cannot be read, or cannot be matched (no privacy key for a list that is not
 * empty), nobody gets personalised content ({@code suppression-unavailable}).
 */
final class LiveSuppressions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveSuppressions.class);

    private final SuppressionList list;
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "content-suppressions");
        t.setDaemon(true);
        return t;
    });
    private volatile Predicate<String> matcher;
    private volatile boolean warned;

    LiveSuppressions(SuppressionList list, Duration refresh) {
        this.list = list;
        reader.scheduleWithFixedDelay(this::read, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try {
            matcher = list.matcher();
            warned = false;
        } catch (RuntimeException e) {
            matcher = null;
            if (!warned) {
                warned = true;
                log.warn("content: cannot read the suppression list ({}); open-time content falls back for everyone until"
                        + " it can", ErrorMessages.message(e));
            }
        }
    }

    /**
     * Whether an address is on the list.
     *
     * @throws ContentFallback {@code suppression-unavailable} while the list cannot be read
     */
    boolean suppressed(String email) {
        Predicate<String> m = matcher;
        if (m == null) {
            throw new ContentFallback("suppression-unavailable");
        }
        return email != null && m.test(email);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
