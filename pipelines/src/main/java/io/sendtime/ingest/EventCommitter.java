package io.sendtime.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.PersonFields;
import io.sendtime.model.PersonIds;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RunIds;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * Moves received events from the {@link EventLog} into the raw lake as runs of the source {@code webhooks}, exactly
 * as an extract commits: one Parquet file per entity under its final name, then the run's manifest (stage
 * {@code ingest}), so that the transform and the load take them unchanged. A run every {@code commit.interval} when
 * anything waits, or as soon as {@code commit.max-events} wait. Crash-safe: the run about to be committed is first
 * written down (its id and the log segments it takes, forced to the device); a committer that restarts finds it and
 * commits the same segments under the same id again (same file names, same content, the manifest replaced), so a
 * run is never committed twice under two ids. Only then are the events' ids remembered for deduplication, their
 * suppressions applied once more, and the segments deleted. The log holds personal data: an event of someone erased
 * (the erasure ledger, read at every run) never reaches the lake, and its segment is deleted with the rest, so an
 * erasure reaches what waits in the log within one commit interval.
 */
public final class EventCommitter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventCommitter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A run takes closed segments up to about this many bytes (the rest go to the next run at once). */
    private static final long RUN_BYTES = 64L * 1024 * 1024;
    private static final Duration COMPACT_EVERY = Duration.ofHours(1);

    /** What one committed run held. */
    public record Committed(String runId, Map<String, Long> records) {}

    private record Intent(String runId, List<Long> segments) {}

    private final EventLog eventLog;
    private final SeenEvents seen;
    private final Suppressions suppressions;
    private final Supplier<Predicate<String>> erased;
    private final Lake lake;
    private final RawSchemas schemas;
    private final ServeSettings.Commit settings;
    private final Path journal;
    private final Clock clock;
    private final Object signal = new Object();
    private long waiting;
    private boolean closing;
    private Instant lastCompaction;
    private Thread thread;
    private final IngestBacklog backlog = new IngestBacklog();

    EventCommitter(EventLog eventLog, SeenEvents seen, Suppressions suppressions, Supplier<Predicate<String>> erased,
                   Lake lake, RawSchemas schemas, ServeSettings.Commit settings, Path logDir, Clock clock) {
        this.eventLog = eventLog;
        this.seen = seen;
        this.suppressions = suppressions;
        this.erased = erased;
        this.lake = lake;
        this.schemas = schemas;
        this.settings = settings;
        this.journal = logDir.resolve("commit.json");
        this.clock = clock;
        this.lastCompaction = clock.instant();
    }

    /** Starts committing in the background. */
    synchronized void start() {
        thread = new Thread(this::loop, "event-committer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the receiver once {@code n} events are durable in the log. */
    void appended(int n) {
        synchronized (signal) {
            // under the roll's lock; events a roll took between their append and this call count until the next
            // commit (one interval at most: waiting > 0 makes that commit roll)
            backlog.appended(n, clock.instant());
            waiting += n;
            if (waiting >= settings.maxEvents()) {
                signal.notifyAll();
            }
        }
    }

    private void loop() {
        while (true) {
            synchronized (signal) {
                long deadline = System.nanoTime() + settings.interval().toNanos();
                while (!closing && waiting < settings.maxEvents()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        signal.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closing) {
                    return;
                }
            }
            try {
                commitPending();
            } catch (RuntimeException | IOException e) {
                log.error("committing received events failed (they stay in the log; the next run retries): {}",
                        e.getMessage());
            }
        }
    }

    /** Commits everything the log holds now, in as many runs as it takes; the runs committed. */
    public synchronized List<Committed> commitPending() throws IOException {
        synchronized (signal) {
            if (waiting > 0) {
                eventLog.roll();
            }
            waiting = 0;
            backlog.rolled();
        }
        List<Committed> runs = new ArrayList<>();
        Intent intent = readJournal();
        if (intent != null) {
            runs.add(commit(intent)); // a run a crash interrupted: the same segments under the same id
        }
        while (true) {
            List<Long> segments = nextSegments();
            if (segments.isEmpty()) {
                break;
            }
            intent = new Intent(RunIds.next(clock.instant(), "i"), segments);
            writeJournal(intent);
            runs.add(commit(intent));
        }
        backlog.committed(clock.instant(), runs.stream().anyMatch(run -> !run.records().isEmpty()));
        if (Duration.between(lastCompaction, clock.instant()).compareTo(COMPACT_EVERY) >= 0) {
            seen.compact();
            lastCompaction = clock.instant();
        }
        return runs;
    }

    private List<Long> nextSegments() throws IOException {
        List<Long> out = new ArrayList<>();
        long bytes = 0;
        for (long segment : eventLog.closedSegments()) {
            if (!out.isEmpty() && bytes >= RUN_BYTES) {
                break;
            }
            out.add(segment);
            bytes += eventLog.segmentSize(segment);
        }
        return out;
    }

    /**
     * One pass over the run's segments reads what the run needs to know (each event's entity, key and time; the
     * email events whole, for their suppressions), then one pass per entity streams its records into its Parquet
     * file: a run of 100,000 events is never in memory at once.
     */
    private Committed commit(Intent intent) throws IOException {
        List<Long> segments = intent.segments().stream().filter(eventLog::hasSegment).toList();
        Map<String, long[]> spans = new TreeMap<>(); // entity: {events, first occurred, last occurred}
        List<String> keys = new ArrayList<>();
        List<LoggedEvent> emailEvents = new ArrayList<>();
        for (long segment : segments) {
            eventLog.read(segment, bytes -> {
                LoggedEvent.Header h = LoggedEvent.header(bytes);
                keys.add(h.key());
                long[] span = spans.computeIfAbsent(h.entity(), e -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                span[0]++;
                span[1] = Math.min(span[1], h.occurredMicros());
                span[2] = Math.max(span[2], h.occurredMicros());
                if (h.entity().equals(LoggedEvent.EMAIL_EVENTS)) {
                    emailEvents.add(LoggedEvent.decode(bytes));
                }
            });
        }
        Predicate<String> erasedIds = erased.get();
        long[] erasedEvents = {0};
        LocalDate ingestDate = LocalDate.ofInstant(RunIds.startedAt(intent.runId()), ZoneOffset.UTC);
        ParquetFiles parquet = new ParquetFiles(lake);
        Map<String, RunManifest.EntityFiles> entities = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var span : spans.entrySet()) {
            String entity = span.getKey();
            Schema schema = schemas.schema(ServeSettings.SOURCE, entity);
            PersonFields person = new PersonFields(schema);
            var target = lake.rawFile(ServeSettings.SOURCE, entity, ingestDate, intent.runId() + "-0.parquet");
            long written = parquet.writeStreaming(target, schema, sink -> {
                for (long segment : segments) {
                    try {
                        eventLog.read(segment, bytes -> {
                            if (LoggedEvent.header(bytes).entity().equals(entity)) {
                                GenericRecord record = record(LoggedEvent.decode(bytes), intent.runId());
                                if (isErased(record, person, erasedIds)) {
                                    erasedEvents[0]++;
                                } else {
                                    sink.accept(record);
                                }
                            }
                        });
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            if (written == 0) {
                lake.fileSystem().delete(target, false); // everyone in it erased
                continue;
            }
            long[] s = span.getValue();
            entities.put(entity, new RunManifest.EntityFiles(instant(s[1]), instant(s[2] + 1),
                    List.of(lake.relative(target)), written, 0, List.of()));
            counts.put(entity, written);
        }
        if (!entities.isEmpty()) {
            new RunManifests(lake).write(new RunManifest(intent.runId(), "ingest", ServeSettings.SOURCE,
                    clock.instant(), entities));
        }
        seen.remember(keys);
        suppressions.apply(emailEvents, clock.instant());
        for (long segment : segments) {
            eventLog.delete(segment);
        }
        Files.deleteIfExists(journal);
        if (!entities.isEmpty() || erasedEvents[0] > 0) {
            log.info("ingest run {}: {}{}", intent.runId(), counts,
                    erasedEvents[0] == 0 ? "" : " (" + erasedEvents[0] + " event(s) of erased people left out)");
        }
        return new Committed(intent.runId(), counts);
    }

    private static GenericRecord record(LoggedEvent event, String runId) {
        GenericRecord record = event.record();
        record.put(RawSchemas.RUN_ID, runId);
        return record;
    }

    private static boolean isErased(GenericRecord record, PersonFields person, Predicate<String> erased) {
        if (erased == ErasureLedger.NOBODY) {
            return false;
        }
        for (var field : person.fields().entrySet()) {
            Object value = record.get(field.getKey());
            String id = value == null ? null : PersonIds.qualified(field.getValue(), value.toString());
            if (id != null && erased.test(id)) {
                return true;
            }
        }
        return false;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private Intent readJournal() throws IOException {
        if (!Files.exists(journal)) {
            return null;
        }
        JsonNode node = JSON.readTree(journal.toFile());
        List<Long> segments = new ArrayList<>();
        node.get("segments").forEach(s -> segments.add(s.longValue()));
        return new Intent(node.get("run_id").textValue(), segments);
    }

    private void writeJournal(Intent intent) throws IOException {
        ObjectNode node = JSON.createObjectNode().put("run_id", intent.runId());
        intent.segments().forEach(node.putArray("segments")::add);
        Path next = journal.resolveSibling("commit.json.next");
        try (var out = java.nio.channels.FileChannel.open(next, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(node.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(next, journal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** What waits for the committer ({@code /metrics}). */
    IngestBacklog backlog() {
        return backlog;
    }

    /** Stops the background runs and commits what the log holds (graceful shutdown: nothing waits in the log). */
    @Override
    public void close() {
        synchronized (signal) {
            closing = true;
            signal.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            commitPending();
        } catch (IOException | RuntimeException e) {
            log.error("the last commit before stopping failed (the events stay in the log for the next start): {}",
                    e.getMessage());
        }
    }
}
