package io.sendtime.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.lake.Lake;
import io.sendtime.lake.QuarantineWriter;
import io.sendtime.lake.RunIds;

/**
 * Requests the receiver refused, quarantined with their reason ({@code lake/quarantine/ingest/webhooks/<entity>/}),
 * never silently dropped: an authenticated request that is malformed with its body as received and every problem;
 * an unauthenticated or oversized one with its reason and size only (a body nobody vouches for is not kept, so that
 * anyone who can reach the port cannot fill the lake). Those two are written at most once a minute: the ones in
 * between are counted into the next file's reason ("and 41 more ... since ..."), and into a last file at stop.
 */
final class RefusedRequests {

    private static final Logger log = LoggerFactory.getLogger(RefusedRequests.class);

    private final Lake lake;
    private final Clock clock;
    private static final java.time.Duration UNVOUCHED_EVERY = java.time.Duration.ofMinutes(1);
    private Instant lastUnvouched = Instant.MIN;
    private long unvouchedSince;

    RefusedRequests(Lake lake, Clock clock) {
        this.lake = lake;
        this.clock = clock;
    }

    void malformed(String entity, String endpoint, byte[] body, List<String> problems) {
        write(entity, endpoint + ": " + String.join("; ", problems), new String(body, StandardCharsets.UTF_8));
    }

    void unauthenticated(String entity, String endpoint, String reason, int bytes) {
        unvouched(entity, endpoint + ": " + reason, "(not kept: unauthenticated, " + bytes + " bytes)");
    }

    void oversized(String entity, String endpoint, long bytes, long limit) {
        unvouched(entity, endpoint + ": a body of " + bytes + " bytes, over the limit of " + limit,
                "(not kept: " + bytes + " bytes)");
    }

    /** A refusal whose body is not kept: written now if none was this minute, else counted into the next one. */
    private void unvouched(String entity, String reason, String received) {
        Instant now = clock.instant();
        String more;
        synchronized (this) {
            if (now.isBefore(lastUnvouched.plus(UNVOUCHED_EVERY))) {
                unvouchedSince++;
                return;
            }
            more = unvouchedSince == 0 ? "" : " (and " + unvouchedSince + " more refused without their body since "
                    + lastUnvouched + ")";
            lastUnvouched = now;
            unvouchedSince = 0;
        }
        write(entity, reason + more, received);
    }

    /** On a graceful stop: the refusals counted since the last file, in one more. */
    void close() {
        long more;
        Instant since;
        synchronized (this) {
            more = unvouchedSince;
            since = lastUnvouched;
            unvouchedSince = 0;
        }
        if (more > 0) {
            write("requests", "unauthenticated or oversized: " + more + " more refused without their body since " + since,
                    "(not kept)");
        }
    }

    private void write(String entity, String reason, String received) {
        Instant now = clock.instant();
        String id = RunIds.next(now, "q");
        try {
            var target = lake.quarantineFile("ingest", ServeSettings.SOURCE, entity, LocalDate.ofInstant(now, ZoneOffset.UTC),
                    id + ".jsonl");
            new QuarantineWriter(lake).writeAtomically(target, "ingest", ServeSettings.SOURCE, entity, id, now,
                    List.of(new QuarantineWriter.Rejected(received, reason)));
        } catch (RuntimeException e) {
            log.error("a refused request could not be quarantined ({}): {}", reason, e.getMessage());
        }
    }
}
