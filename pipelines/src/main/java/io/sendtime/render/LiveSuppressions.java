package io.sendtime.render;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;
import io.sendtime.privacy.SuppressionList;

/**
 * The live suppression list (in the job repository) for open-time content: its count read every {@code refresh} in the
 * background, the list again only when the count moved (it only grows). Matched on the render threads, each with its
 * own matcher (a keyed-hash matcher holds a MAC: one thread only). Fail closed: while it cannot be read, or cannot be matched (no privacy key for a list that is not
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
    /** The list's keyed hashes; null while it cannot be read. */
    private volatile Set<String> hashes;
    private long count = -1;
    /** Each render thread's matcher, and the hashes it was made for. */
    private final ThreadLocal<Map.Entry<Set<String>, Predicate<String>>> matchers = new ThreadLocal<>();
    private volatile boolean warned;

    LiveSuppressions(SuppressionList list, Duration refresh) {
        this.list = list;
        reader.scheduleWithFixedDelay(this::read, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try {
            long now = list.count();
            if (now != count || hashes == null) {
                hashes = Set.copyOf(list.hashes());
                count = now;
            }
            warned = false;
        } catch (RuntimeException e) {
            hashes = null;
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
        Set<String> current = hashes;
        if (current == null) {
            throw new ContentFallback("suppression-unavailable");
        }
        if (email == null) {
            return false;
        }
        Map.Entry<Set<String>, Predicate<String>> mine = matchers.get();
        if (mine == null || mine.getKey() != current) {
            try {
                mine = Map.entry(current, list.matcher(current));
            } catch (RuntimeException e) {
                throw new ContentFallback("suppression-unavailable"); // no privacy key for a list that is not empty
            }
            matchers.set(mine);
        }
        return mine.getValue().test(email);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
