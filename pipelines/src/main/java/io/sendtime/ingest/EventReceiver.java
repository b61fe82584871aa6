package io.sendtime.ingest;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes a request's well-formed, authenticated events: those not seen in the dedup window go into the
 * {@link EventLog} (the call returns once they are on the device), a repeat is acknowledged without being stored
 * again (once the request holding it has made it durable), and then the suppressing email events put their addresses on
 * the suppression list. A {@link NotTaken} failure means nothing of the request is acknowledged: answer 503, the
 * sender retries, and the retry stores what this attempt did not.
 */
public final class EventReceiver {

    /** How many of a request's events were stored now, and how many had been before (retries). */
    public record Receipt(int stored, int repeated) {}

    /** The request is not acknowledged: the log is full, or cannot be written, or the list cannot be. */
    public static final class NotTaken extends Exception {
        private final boolean full;

        NotTaken(String message, boolean full, Throwable cause) {
            super(message, cause);
            this.full = full;
        }

        /** Backpressure (the log holds its capacity), not a failure. */
        public boolean full() {
            return full;
        }
    }

    private static final long WAIT_SECONDS = 30;

    private final EventLog log;
    private final SeenEvents seen;
    private final Suppressions suppressions;
    private final EventCommitter committer;
    private final Clock clock;

    EventReceiver(EventLog log, SeenEvents seen, Suppressions suppressions, EventCommitter committer, Clock clock) {
        this.log = log;
        this.seen = seen;
        this.suppressions = suppressions;
        this.committer = committer;
        this.clock = clock;
    }

    public Receipt receive(List<LoggedEvent> events) throws NotTaken {
        List<LoggedEvent> fresh = new ArrayList<>(events.size());
        List<String> keys = new ArrayList<>(events.size());
        List<CompletableFuture<Boolean>> repeats = new ArrayList<>();
        for (LoggedEvent e : events) {
            if (seen.reserve(e.key())) {
                fresh.add(e);
                keys.add(e.key());
            } else {
                repeats.add(seen.outcome(e.key()));
            }
        }
        if (!fresh.isEmpty()) {
            List<byte[]> records = new ArrayList<>(fresh.size());
            for (LoggedEvent e : fresh) {
                records.add(e.encode());
            }
            try {
                log.append(records);
            } catch (EventLog.Full e) {
                seen.release(keys);
                throw new NotTaken(e.getMessage(), true, e);
            } catch (IOException | RuntimeException e) {
                seen.release(keys);
                throw new NotTaken("the event log cannot be written", false, e);
            }
            seen.stored(keys);
            committer.appended(fresh.size());
        }
        for (CompletableFuture<Boolean> repeat : repeats) {
            if (!durable(repeat)) {
                throw new NotTaken("an event of this request was being stored by another request that failed", false, null);
            }
        }
        try {
            suppressions.apply(events, clock.instant());
        } catch (RuntimeException e) {
            throw new NotTaken("the suppression list cannot be written", false, e);
        }
        return new Receipt(fresh.size(), events.size() - fresh.size());
    }

    private static boolean durable(CompletableFuture<Boolean> outcome) {
        try {
            return outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
