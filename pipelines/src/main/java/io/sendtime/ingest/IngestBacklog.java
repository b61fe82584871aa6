package io.sendtime.ingest;

import java.time.Instant;

/**
 * What waits in the event log for the committer, for {@code /metrics}: how many events are durable and not yet in
 * the lake, when the oldest of them was received, and when the last run was committed. Events the log held when the
 * server started are committed before it takes requests, so they are never counted here.
 */
final class IngestBacklog {

    private long appended;
    private Instant oldestAppended;
    private long rolled;
    private Instant oldestRolled;
    private Instant lastCommit;

    /** {@code n} events became durable at {@code at}. */
    synchronized void appended(int n, Instant at) {
        if (n > 0 && appended == 0) {
            oldestAppended = at;
        }
        appended += n;
    }

    /** The log was rolled: what was appended is in the closed segments a commit takes now. */
    synchronized void rolled() {
        if (appended > 0 && rolled == 0) {
            oldestRolled = oldestAppended;
        }
        rolled += appended;
        appended = 0;
        oldestAppended = null;
    }

    /** Every closed segment is in the lake; {@code committedRun}: whether this pass committed a run. */
    synchronized void committed(Instant at, boolean committedRun) {
        rolled = 0;
        oldestRolled = null;
        if (committedRun) {
            lastCommit = at;
        }
    }

    synchronized long events() {
        return rolled + appended;
    }

    /** When the oldest event not yet in the lake was received; null when none waits. */
    synchronized Instant oldest() {
        return oldestRolled != null ? oldestRolled : oldestAppended;
    }

    /** When the last run was committed to the lake; null before the first. */
    synchronized Instant lastCommit() {
        return lastCommit;
    }
}
