package io.sendtime.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;

/**
 * The event ids received in the last {@code window} (72 hours for webhooks: senders retry for about that long), so
 * that a retried event is acknowledged again but stored once. A request {@link #reserve}s its events' ids before
 * they go into the {@link EventLog} (two requests carrying one id at once: one stores it) and {@link #release}s them
 * if the log refuses; what the log holds is seen again when the server starts ({@link #reserve} while reading it).
 * When the committer has moved events out of the log it {@link #remember}s their ids in a file of its own (one line
 * each: epoch second and id, forced to the device) before deleting the log's segments, so ids stay known for the
 * whole window across restarts. Ids are keyed by their sender ({@code storefront:evt_1}). A request that finds one of
 * its ids reserved by another request still in flight waits for that request's outcome ({@link #outcome}) before it
 * acknowledges the event: it is durable ({@link #stored}) or was given back ({@link #release}). Thread-safe.
 */
public final class SeenEvents {

    private final Path file;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, CompletableFuture<Boolean>> inFlight = new HashMap<>();

    private SeenEvents(Path file, Duration window, Clock clock) {
        this.file = file;
        this.window = window;
        this.clock = clock;
    }

    /** Opens the remembered ids (those older than the window are forgotten). */
    public static SeenEvents open(Path file, Duration window, Clock clock) throws IOException {
        SeenEvents events = new SeenEvents(file, window, clock);
        if (Files.exists(file)) {
            long oldest = clock.instant().minus(window).getEpochSecond();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    continue; // a line torn by a crash: its ids were still in the log, read again at start
                }
                try {
                    long at = Long.parseLong(line.substring(0, space));
                    if (at >= oldest) {
                        events.seen.merge(line.substring(space + 1), at, Math::max);
                    }
                } catch (NumberFormatException e) {
                    // the same: a torn line
                }
            }
        }
        return events;
    }

    /** True the first time the key is offered within the window (and it is now taken); false for a repeat. */
    public synchronized boolean reserve(String key) {
        long now = clock.instant().getEpochSecond();
        Long at = seen.get(key);
        if (at != null && at >= now - window.toSeconds()) {
            return false;
        }
        seen.put(key, now);
        inFlight.put(key, new CompletableFuture<>());
        return true;
    }

    /** Marks reserved keys durable: requests waiting on them may acknowledge them now. */
    public void stored(Collection<String> keys) {
        settle(keys, true);
    }

    /** Gives back keys reserved for events the log did not take. */
    public void release(Collection<String> keys) {
        settle(keys, false);
    }

    private void settle(Collection<String> keys, boolean durable) {
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        synchronized (this) {
            for (String key : keys) {
                if (!durable) {
                    seen.remove(key);
                }
                CompletableFuture<Boolean> f = inFlight.remove(key);
                if (f != null) {
                    waiting.add(f);
                }
            }
        }
        waiting.forEach(f -> f.complete(durable));
    }

    /**
     * For a key {@link #reserve} refused: completes with true once the event is durable (at once if it already is),
     * with false if the request that held it was refused (then the caller's own request is not acknowledged either).
     */
    public synchronized CompletableFuture<Boolean> outcome(String key) {
        CompletableFuture<Boolean> f = inFlight.get(key);
        return f != null ? f : CompletableFuture.completedFuture(seen.containsKey(key));
    }

    /** Writes these keys (of events committed out of the log) to the file, durably, with the time they were seen. */
    public void remember(Collection<String> keys) throws IOException {
        StringBuilder lines = new StringBuilder();
        synchronized (this) {
            long now = clock.instant().getEpochSecond();
            for (String key : keys) {
                lines.append(seen.getOrDefault(key, now)).append(' ').append(key).append('\n');
            }
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        }
    }

    /** Rewrites the file without the ids older than the window (atomically: the old file stands until the new one does). */
    public synchronized void compact() throws IOException {
        long oldest = clock.instant().minus(window).getEpochSecond();
        seen.values().removeIf(at -> at < oldest);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        StringBuilder lines = new StringBuilder();
        seen.forEach((key, at) -> lines.append(at).append(' ').append(key).append('\n'));
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** How many ids are known. */
    public synchronized int size() {
        return seen.size();
    }

    /** When the key was first seen, or null. */
    public synchronized Instant seenAt(String key) {
        Long at = seen.get(key);
        return at == null ? null : Instant.ofEpochSecond(at);
    }
}
