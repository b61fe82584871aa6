package io.sendtime.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.sendtime.lake.Lake;
import io.sendtime.lake.RawSchemas;

/**
 * The receiving side of {@code sendtime serve}, opened in order and closed in reverse: the event log (recovered: a
 * torn tail cut off), the ids seen in the dedup window (those remembered, plus those still in the log), the
 * committer (which first commits what an earlier process left in the log), and the receiver. Closing commits what the
 * log holds, so a graceful stop leaves nothing waiting.
 */
public final class EventIntake implements AutoCloseable {

    private final EventLog log;
    private final SeenEvents seen;
    private final EventCommitter committer;
    private final EventReceiver receiver;

    private EventIntake(EventLog log, SeenEvents seen, EventCommitter committer, EventReceiver receiver) {
        this.log = log;
        this.seen = seen;
        this.committer = committer;
        this.receiver = receiver;
    }

    /** @param erased who is erased, read again at every commit ({@link io.sendtime.privacy.ErasureLedger#matcher}) */
    public static EventIntake open(ServeSettings settings, Path varDir, Lake lake, Suppressions suppressions,
                                   Supplier<Predicate<String>> erased, Clock clock) throws IOException {
        Path dir = settings.logDir(varDir);
        Files.createDirectories(dir);
        EventLog log = EventLog.open(dir.resolve("segments"), settings.log().capacity().toBytes(), settings.log().fsync());
        try {
            SeenEvents seen = SeenEvents.open(dir.resolve("seen.txt"), settings.dedupWindow(), clock);
            log.roll(); // what an earlier process appended is in closed segments now: the committer takes them
            for (long segment : log.closedSegments()) {
                log.read(segment, bytes -> {
                    String key = LoggedEvent.decode(bytes).key();
                    if (seen.reserve(key)) {
                        seen.stored(List.of(key));
                    }
                });
            }
            EventCommitter committer = new EventCommitter(log, seen, suppressions, erased, lake, new RawSchemas(),
                    settings.commit(), dir, clock);
            committer.commitPending();
            committer.start();
            return new EventIntake(log, seen, committer, new EventReceiver(log, seen, suppressions, committer, clock));
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public EventReceiver receiver() {
        return receiver;
    }

    public EventCommitter committer() {
        return committer;
    }

    /** Bytes the log holds: events durable and not yet committed to the lake. */
    public long logBytes() {
        return log.size();
    }

    @Override
    public void close() throws IOException {
        try {
            committer.close();
        } finally {
            log.close();
        }
    }

    static Map<String, EspMapping> mappings(ServeSettings settings) {
        Map<String, EspMapping> out = new java.util.TreeMap<>();
        settings.esp().forEach((name, provider) -> out.put(name, new EspMapping(name, provider)));
        return out;
    }
}
