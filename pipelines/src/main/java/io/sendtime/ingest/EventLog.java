package io.sendtime.ingest;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The append-only log received events are on before they are acknowledged: a directory of segment files
 * ({@code 000000000001.log}, ...), each a sequence of records framed as {@code [length:int][crc32c:int][payload]}.
 * {@link #append} returns once its records are written and forced to the device; appends that arrive while one is
 * being forced wait and are written and forced together with the next (group commit: one fsync for many requests).
 * Opening the log recovers it: a record torn by a crash (shorter than its length, or failing its checksum) at the end
 * of the last segment is cut off with everything after it, since no append that wrote it returned; the same damage
 * anywhere else is refused, naming the file. {@link #roll} starts a new segment so that a committer can take the
 * closed ones and {@link #delete} them once their records are safe elsewhere. Above {@code capacity} bytes an append
 * is refused ({@link Full}) rather than the log growing without bound. Thread-safe.
 */
public final class EventLog implements AutoCloseable {

    private static final Pattern SEGMENT = Pattern.compile("(\\d{12})\\.log");
    private static final int HEADER = 8;
    private static final int WRITE_BUFFER = 8 * 1024 * 1024;
    /** The most one record may hold. */
    public static final int MAX_RECORD = 16 * 1024 * 1024;

    /** An append refused because the log holds its capacity: answer 503 with Retry-After, try again later. */
    public static final class Full extends IOException {
        Full(long size, long capacity) {
            super("the event log holds " + size + " of its " + capacity + " bytes: try again when the committer has caught up");
        }
    }

    private final Path dir;
    private final long capacity;
    private final boolean force;
    private final ReentrantLock writer = new ReentrantLock();
    private final Object state = new Object();
    private final List<Pending> pending = new ArrayList<>();
    private FileChannel channel;
    private long segment;
    private long size;
    private long forces;
    private final long recoveredBytes;

    private record Pending(List<byte[]> records, long[] done) {}

    private EventLog(Path dir, long capacity, boolean force) throws IOException {
        this.dir = dir;
        this.capacity = capacity;
        this.force = force;
        Files.createDirectories(dir);
        List<Long> segments = segments();
        long cut = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path file = file(segments.get(i));
            long valid = scan(file, null);
            long length = Files.size(file);
            if (valid < length) {
                if (i < segments.size() - 1) {
                    throw new IOException(file + " is damaged at byte " + valid + " of " + length + " and is not the last "
                            + "segment: a crash cannot explain it; move it aside to start");
                }
                try (FileChannel torn = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    torn.truncate(valid);
                    torn.force(true);
                }
                cut = length - valid;
            }
            size += valid;
        }
        this.recoveredBytes = cut;
        this.segment = segments.isEmpty() ? 1 : segments.get(segments.size() - 1);
        this.channel = open(segment);
    }

    /** Opens (and recovers) the log in {@code dir}, refusing appends past {@code capacity} bytes. */
    public static EventLog open(Path dir, long capacity) throws IOException {
        return new EventLog(dir, capacity, true);
    }

    /**
     * As {@link #open(Path, long)}; with {@code force} false an append returns once its records are written to the
     * operating system, not forced to the device (a crash of the machine, not of the process, can lose them): only
     * for measuring what durability costs.
     */
    public static EventLog open(Path dir, long capacity, boolean force) throws IOException {
        return new EventLog(dir, capacity, force);
    }

    /** Bytes of torn records cut off the end when the log was opened (0 after a clean stop). */
    public long recoveredBytes() {
        return recoveredBytes;
    }

    /** Bytes the log holds, in every segment not deleted. */
    public long size() {
        synchronized (state) {
            return size;
        }
    }

    /** How often appends forced the log to the device (fewer than appends when they came together). */
    public long forces() {
        synchronized (state) {
            return forces;
        }
    }

    /**
     * Writes the records and returns once they are on the device.
     *
     * @throws Full when the log holds its capacity (nothing of these records is written)
     */
    public void append(List<byte[]> records) throws IOException {
        long bytes = 0;
        for (byte[] record : records) {
            if (record.length > MAX_RECORD) {
                throw new IllegalArgumentException("a record of " + record.length + " bytes: at most " + MAX_RECORD);
            }
            bytes += HEADER + record.length;
        }
        Pending mine = new Pending(records, new long[] {0});
        synchronized (state) {
            if (size + bytes > capacity) {
                throw new Full(size, capacity);
            }
            size += bytes;
            pending.add(mine);
        }
        writer.lock();
        try {
            if (mine.done()[0] != 0) {
                check(mine);
                return; // written and forced with an earlier group
            }
            List<Pending> group;
            synchronized (state) {
                group = new ArrayList<>(pending);
                pending.clear();
            }
            long outcome = 1;
            try {
                write(group);
                if (force) {
                    channel.force(false);
                    synchronized (state) {
                        forces++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                outcome = -1;
                throw e;
            } finally {
                for (Pending p : group) {
                    p.done()[0] = outcome;
                }
            }
        } finally {
            writer.unlock();
        }
        check(mine);
    }

    private static void check(Pending pending) throws IOException {
        if (pending.done()[0] < 0) {
            throw new IOException("the event log could not be written: the request is not acknowledged");
        }
    }

    /** The group's frames through one buffer of up to 8 MB: a request's records are not a system call each. */
    private void write(List<Pending> group) throws IOException {
        long bytes = 0;
        for (Pending p : group) {
            for (byte[] record : p.records()) {
                bytes += HEADER + record.length;
            }
        }
        ByteBuffer frames = ByteBuffer.allocate((int) Math.min(bytes, WRITE_BUFFER));
        CRC32C crc = new CRC32C();
        for (Pending p : group) {
            for (byte[] record : p.records()) {
                if (frames.remaining() < HEADER + record.length) {
                    drain(frames);
                    if (frames.capacity() < HEADER + record.length) {
                        frames = ByteBuffer.allocate(HEADER + record.length);
                    }
                }
                crc.reset();
                crc.update(record);
                frames.putInt(record.length).putInt((int) crc.getValue()).put(record);
            }
        }
        drain(frames);
    }

    private void drain(ByteBuffer frames) throws IOException {
        frames.flip();
        while (frames.hasRemaining()) {
            channel.write(frames);
        }
        frames.clear();
    }

    /** Closes the current segment and starts the next; the closed ones are those {@link #closedSegments} lists. */
    public void roll() throws IOException {
        writer.lock();
        try {
            channel.force(true);
            channel.close();
            segment++;
            channel = open(segment);
        } finally {
            writer.unlock();
        }
    }

    /** The segments no append writes to any more, oldest first. */
    public List<Long> closedSegments() throws IOException {
        writer.lock();
        try {
            return segments().stream().filter(s -> s < segment).toList();
        } finally {
            writer.unlock();
        }
    }

    /** Every record of a closed segment, in order. */
    public void read(long closedSegment, Consumer<byte[]> records) throws IOException {
        if (closedSegment >= segment) {
            throw new IllegalArgumentException("segment " + closedSegment + " is still written to: roll() first");
        }
        scan(file(closedSegment), records);
    }

    /** Whether the segment is still there (not deleted). */
    public boolean hasSegment(long segmentNumber) {
        return Files.exists(file(segmentNumber));
    }

    /** Bytes of one segment. */
    public long segmentSize(long segmentNumber) throws IOException {
        Path f = file(segmentNumber);
        return Files.exists(f) ? Files.size(f) : 0;
    }

    /** Deletes a closed segment whose records are safe elsewhere. */
    public void delete(long closedSegment) throws IOException {
        if (closedSegment >= segment) {
            throw new IllegalArgumentException("segment " + closedSegment + " is still written to");
        }
        Path file = file(closedSegment);
        long length = Files.exists(file) ? Files.size(file) : 0;
        Files.deleteIfExists(file);
        synchronized (state) {
            size -= length;
        }
    }

    @Override
    public void close() throws IOException {
        writer.lock();
        try {
            channel.force(true);
            channel.close();
        } finally {
            writer.unlock();
        }
    }

    /** The length of the valid records at the start of the file, handing each to {@code records} when given. */
    private static long scan(Path file, Consumer<byte[]> records) throws IOException {
        long length = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            long at = 0;
            CRC32C check = new CRC32C();
            while (at + HEADER <= length) {
                int size = in.readInt();
                int crc = in.readInt();
                if (size < 0 || size > MAX_RECORD || at + HEADER + size > length) {
                    return at;
                }
                byte[] payload = new byte[size];
                in.readFully(payload);
                check.reset();
                check.update(payload);
                if ((int) check.getValue() != crc) {
                    return at;
                }
                if (records != null) {
                    records.accept(payload);
                }
                at += HEADER + size;
            }
            return at;
        }
    }

    private FileChannel open(long number) throws IOException {
        FileChannel opened = FileChannel.open(file(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        // a new segment's directory entry must survive a crash too
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for sync; the segment's own force still holds its data
        }
        return opened;
    }

    private Path file(long number) {
        return dir.resolve(String.format("%012d.log", number));
    }

    private List<Long> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> SEGMENT.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1))).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
