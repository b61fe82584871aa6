package io.sendtime.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The event ids received in the last {@code window} (72 hours for webhooks: senders retry for about that long), so
 * that a retried event is acknowledged again but stored once. A request {@link #reserve}s its events' ids before
 * they go into the {@link EventLog} (two requests carrying one id at once: one stores it) and {@link #release}s them
 * if the log refuses; what the log holds is seen again when the server starts ({@link #reserve} while reading it).
 * When the committer has moved events out of the log it {@link #remember}s their ids in a file of its own (one line
 * each: epoch second and id fingerprint, forced to the device) before deleting the log's segments, so ids stay known
 * for the whole window across restarts. Ids are keyed by their sender ({@code storefront:evt_1}). A request that finds
 * one of its ids reserved by another request still in flight waits for that request's outcome ({@link #outcome})
 * before it acknowledges the event: it is durable ({@link #stored}) or was given back ({@link #release}).
 * <p>
 * Kept small: an id is held as a 64-bit fingerprint (the first 8 bytes of its SHA-256) with the second it was seen, in
 * two primitive arrays (about 24 bytes an id at the table's fill), not as a string in a map (about 150), so a window of
 * ten million ids takes about 240 MB. Two ids share a fingerprint with probability about n^2 / 2^65 (for ten million
 * ids, 3 in a million over the whole window): then the second would be taken for a repeat. Thread-safe.
 */
public final class SeenEvents {

    private final Path file;
    private final Duration window;
    private final Clock clock;
    private final Fingerprints seen = new Fingerprints();
    private final Map<Long, CompletableFuture<Boolean>> inFlight = new HashMap<>();

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
                if (space <= 0 || line.length() != space + 17) {
                    continue; // a line torn by a crash: its ids were still in the log, read again at start
                }
                try {
                    long at = Long.parseLong(line.substring(0, space));
                    long fingerprint = HexFormat.fromHexDigitsToLong(line, space + 1, space + 17);
                    if (at >= oldest) {
                        events.seen.put(fingerprint, at);
                    }
                } catch (IllegalArgumentException e) {
                    // the same: a torn line (NumberFormatException included)
                }
            }
        }
        return events;
    }

    /** True the first time the key is offered within the window (and it is now taken); false for a repeat. */
    public synchronized boolean reserve(String key) {
        long now = clock.instant().getEpochSecond();
        long fingerprint = fingerprint(key);
        if (seen.at(fingerprint) >= now - window.toSeconds()) {
            return false;
        }
        seen.put(fingerprint, now);
        inFlight.put(fingerprint, new CompletableFuture<>());
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
                long fingerprint = fingerprint(key);
                if (!durable) {
                    seen.forget(fingerprint);
                }
                CompletableFuture<Boolean> f = inFlight.remove(fingerprint);
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
        long fingerprint = fingerprint(key);
        CompletableFuture<Boolean> f = inFlight.get(fingerprint);
        return f != null ? f : CompletableFuture.completedFuture(seen.at(fingerprint) != Long.MIN_VALUE);
    }

    /** Writes these keys (of events committed out of the log) to the file, durably, with the time they were seen. */
    public void remember(Collection<String> keys) throws IOException {
        StringBuilder lines = new StringBuilder(keys.size() * 28);
        HexFormat hex = HexFormat.of();
        synchronized (this) {
            long now = clock.instant().getEpochSecond();
            for (String key : keys) {
                long fingerprint = fingerprint(key);
                long at = seen.at(fingerprint);
                lines.append(at == Long.MIN_VALUE ? now : at).append(' ').append(hex.toHexDigits(fingerprint)).append('\n');
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
        seen.expire(oldest);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        StringBuilder lines = new StringBuilder();
        HexFormat hex = HexFormat.of();
        seen.forEach((fingerprint, at) -> lines.append(at).append(' ').append(hex.toHexDigits(fingerprint)).append('\n'));
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
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
        long at = seen.at(fingerprint(key));
        return at == Long.MIN_VALUE ? null : Instant.ofEpochSecond(at);
    }

    static long fingerprint(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Fingerprint to epoch second, open addressing with linear probing over two primitive arrays. A forgotten entry
     * keeps its slot with no time (so that probe chains stay whole) until the table is rebuilt, which also drops what
     * {@link #expire} marked.
     */
    static final class Fingerprints {

        private static final long EMPTY = 0L;
        private static final long GONE = Long.MIN_VALUE;

        private long[] keys = new long[1 << 12];
        private long[] times = new long[1 << 12];
        private int used; // slots taken, forgotten ones included
        private int live;

        long at(long fingerprint) {
            long k = nonZero(fingerprint);
            int mask = keys.length - 1;
            for (int i = slot(k, mask); ; i = (i + 1) & mask) {
                if (keys[i] == EMPTY) {
                    return GONE;
                }
                if (keys[i] == k) {
                    return times[i];
                }
            }
        }

        void put(long fingerprint, long at) {
            long k = nonZero(fingerprint);
            if ((used + 1) * 3L > keys.length * 2L) {
                rebuild(Long.MIN_VALUE + 1);
            }
            int mask = keys.length - 1;
            for (int i = slot(k, mask); ; i = (i + 1) & mask) {
                if (keys[i] == EMPTY) {
                    keys[i] = k;
                    times[i] = at;
                    used++;
                    live++;
                    return;
                }
                if (keys[i] == k) {
                    if (times[i] == GONE) {
                        live++;
                    }
                    times[i] = at;
                    return;
                }
            }
        }

        void forget(long fingerprint) {
            long k = nonZero(fingerprint);
            int mask = keys.length - 1;
            for (int i = slot(k, mask); ; i = (i + 1) & mask) {
                if (keys[i] == EMPTY) {
                    return;
                }
                if (keys[i] == k) {
                    if (times[i] != GONE) {
                        times[i] = GONE;
                        live--;
                    }
                    return;
                }
            }
        }

        /** Drops the entries seen before {@code oldest} and the forgotten ones. */
        void expire(long oldest) {
            rebuild(oldest);
        }

        int size() {
            return live;
        }

        void forEach(java.util.function.BiConsumer<Long, Long> action) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY && times[i] != GONE) {
                    action.accept(keys[i], times[i]);
                }
            }
        }

        private void rebuild(long oldest) {
            long[] oldKeys = keys;
            long[] oldTimes = times;
            int keep = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY && oldTimes[i] != GONE && oldTimes[i] >= oldest) {
                    keep++;
                }
            }
            int capacity = 1 << 12;
            while (capacity < keep * 3L) { // a third full after the rebuild
                capacity <<= 1;
            }
            keys = new long[capacity];
            times = new long[capacity];
            used = 0;
            live = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY && oldTimes[i] != GONE && oldTimes[i] >= oldest) {
                    put(oldKeys[i], oldTimes[i]);
                }
            }
        }

        private static long nonZero(long fingerprint) {
            return fingerprint == EMPTY || fingerprint == GONE ? 1L : fingerprint;
        }

        private static int slot(long k, int mask) {
            return (int) (k ^ (k >>> 32)) & mask;
        }
    }
}
