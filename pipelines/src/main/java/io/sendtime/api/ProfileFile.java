package io.sendtime.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

import io.sendtime.lake.ProfileLookup.ServedProfile;

/**
 * One published profiles snapshot as the server holds it: the profiles' bytes in a local file, memory-mapped (off the
 * heap), and two small primitive indexes on the heap, by customer key and by email SHA-256, made for point lookups.
 *
 * <p>File: records one after another, each {@code [int length][byte state][byte keyLength][byte shaLength][byte 0]
 * [key][sha][int profileLength][profile][int contextLength][context]} (UTF-8), never across a 1 GB window (the rest of
 * a window is zeros: a record of length 0 means "next window"). A row the chain replaced or deleted stays in the file
 * as a dead record until the next snapshot; {@link #purge} overwrites every record of an erased person, dead or live.
 *
 * <p>Index: open addressing with linear probing, one {@code long} a slot: the top 24 bits of the id's 64-bit hash, then
 * the record's offset (40 bits); 0 is empty, -1 a removed entry. Capacity is a power of two at most 60% full, so a
 * million profiles take 2 x 2^21 slots = 32 MB; a fingerprint match is confirmed against the id in the record.
 * Thread-safe: lookups share a read lock, a purge takes the write lock.
 */
final class ProfileFile implements AutoCloseable {

    static final long WINDOW = 1L << 30;
    private static final int HEADER = 8;
    private static final byte LIVE = 1;
    private static final byte DEAD = 0;
    private static final byte MARKER = 2;
    private static final long EMPTY = 0;
    private static final long REMOVED = -1;
    private static final long OFFSET_MASK = (1L << 40) - 1;

    private final Path path;
    private final long loadId;
    private final String asOf;
    private final Index byKey;
    private final Index bySha;
    private final long length;
    private final MappedByteBuffer[] windows;
    private int profiles;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Maps the file a {@link Writer} wrote and indexes its records in order: the last row of a key wins. */
    private ProfileFile(Path path, long loadId, String asOf, long length, long rows) throws IOException {
        this.path = path;
        this.loadId = loadId;
        this.asOf = asOf;
        this.length = length;
        this.byKey = new Index(rows);
        this.bySha = new Index(rows);
        int count = (int) ((length + WINDOW - 1) / WINDOW);
        this.windows = new MappedByteBuffer[count];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < count; i++) {
                long start = i * WINDOW;
                windows[i] = channel.map(FileChannel.MapMode.READ_WRITE, start, Math.min(WINDOW, length - start));
            }
        }
        forEachRecord(this::index);
    }

    /** Indexes one record: a row replaces the key's earlier one, a deletion marker removes it. */
    private void index(long offset) {
        ByteBufferAt at = at(offset);
        byte state = at.buffer.get(at.position + 4);
        byte[] key = keyBytes(offset);
        long previous = state == LIVE ? byKey.put(key, offset, this::keyAt) : byKey.find(key, this::keyAt);
        if (previous >= 0) {
            byte[] sha = shaBytes(previous);
            if (sha.length > 0) {
                bySha.remove(sha, previous);
            }
            if (state != LIVE) {
                byKey.remove(key, previous);
            }
            setState(previous, DEAD);
            profiles--;
        }
        if (state == LIVE) {
            byte[] sha = shaBytes(offset);
            if (sha.length > 0) {
                bySha.put(sha, offset, this::shaAt);
            }
            profiles++;
        } else {
            setState(offset, DEAD);
        }
    }

    private void forEachRecord(java.util.function.LongConsumer action) {
        long offset = 0;
        while (offset < length) {
            ByteBufferAt at = at(offset);
            int size = at.buffer.getInt(at.position);
            if (size == 0) {
                offset = (offset / WINDOW + 1) * WINDOW;
                continue;
            }
            action.accept(offset);
            offset += size;
        }
    }

    private void setState(long offset, byte state) {
        ByteBufferAt at = at(offset);
        at.buffer.put(at.position + 4, state);
    }

    /** Writes the local file of one snapshot: the chain's rows in order, then {@link #open}. */
    static final class Writer implements AutoCloseable {
        private final Path path;
        private final OutputStream out;
        private long position;
        private long rows;

        Writer(Path path) throws IOException {
            this.path = path;
            Files.createDirectories(path.getParent());
            this.out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 20);
        }

        /** A current profile of the chain. */
        void row(String key, String sha, String profile, String context) throws IOException {
            write(LIVE, key, sha, profile, context);
        }

        /** A deletion marker of the chain: the key's profile is gone. */
        void deleted(String key) throws IOException {
            write(MARKER, key, "", "", "");
        }

        private void write(byte state, String key, String sha, String profile, String context) throws IOException {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] s = sha == null ? new byte[0] : sha.getBytes(StandardCharsets.UTF_8);
            byte[] p = profile.getBytes(StandardCharsets.UTF_8);
            byte[] c = context.getBytes(StandardCharsets.UTF_8);
            if (k.length > 127 || s.length > 127) {
                throw new IllegalArgumentException("a customer key or email SHA-256 longer than 127 bytes in the snapshot");
            }
            long size = HEADER + k.length + s.length + 4L + p.length + 4L + c.length;
            if (size >= WINDOW) {
                throw new IllegalArgumentException("a profile of " + size + " bytes in the snapshot (at most 1 GB)");
            }
            if (position % WINDOW + size > WINDOW) {
                long pad = WINDOW - position % WINDOW;
                out.write(new byte[(int) pad]);
                position += pad;
            }
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(HEADER);
            header.putInt((int) size).put(state).put((byte) k.length).put((byte) s.length).put((byte) 0);
            out.write(header.array());
            out.write(k);
            out.write(s);
            out.write(java.nio.ByteBuffer.allocate(4).putInt(p.length).array());
            out.write(p);
            out.write(java.nio.ByteBuffer.allocate(4).putInt(c.length).array());
            out.write(c);
            position += size;
            rows++;
        }

        /** Finishes the file, maps and indexes it. */
        ProfileFile open(long loadId, String asOf) throws IOException {
            out.close();
            return new ProfileFile(path, loadId, asOf, position, rows);
        }

        /** Abandons the file (a failed build). */
        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    long loadId() {
        return loadId;
    }

    String asOf() {
        return asOf;
    }

    /** Live profiles. */
    int size() {
        return profiles;
    }

    /** By customer key or email SHA-256 (lowercase hex); empty when unknown, deleted or erased. */
    Optional<ServedProfile> find(String id) {
        byte[] wanted = id.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        lock.readLock().lock();
        try {
            long offset = wanted.length == 64 ? bySha.find(wanted, this::shaAt) : byKey.find(wanted, this::keyAt);
            if (offset < 0) {
                offset = wanted.length == 64 ? byKey.find(wanted, this::keyAt) : bySha.find(wanted, this::shaAt);
            }
            return offset < 0 ? Optional.empty() : Optional.of(read(offset));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Drops everyone {@code erased} matches ({@code customer_key:<key>}, {@code email_sha256:<sha>}) from the indexes and
     * overwrites their records' bytes in the file (dead versions too), forced to the device; returns how many records.
     */
    int purge(Predicate<String> erased) {
        lock.writeLock().lock();
        try {
            int[] purged = {0};
            forEachRecord(offset -> {
                ByteBufferAt at = at(offset);
                String key = new String(keyBytes(offset), StandardCharsets.UTF_8);
                String sha = new String(shaBytes(offset), StandardCharsets.UTF_8);
                if (key.isEmpty() || !erased.test("customer_key:" + key) && (sha.isEmpty() || !erased.test("email_sha256:" + sha))) {
                    return;
                }
                if (at.buffer.get(at.position + 4) == LIVE) {
                    byKey.remove(keyBytes(offset), offset);
                    if (!sha.isEmpty()) {
                        bySha.remove(shaBytes(offset), offset);
                    }
                    profiles--;
                }
                int size = at.buffer.getInt(at.position);
                for (int i = 5; i < size; i++) {
                    at.buffer.put(at.position + i, (byte) 0);
                }
                at.buffer.put(at.position + 4, DEAD);
                purged[0]++;
            });
            if (purged[0] > 0) {
                for (MappedByteBuffer window : windows) {
                    window.force();
                }
            }
            return purged[0];
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes the local file (the mapping goes with the last reference). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    /** The heap the indexes take, in bytes. */
    long indexBytes() {
        return 8L * (byKey.slots.length + bySha.slots.length);
    }

    private ServedProfile read(long offset) {
        ByteBufferAt at = at(offset);
        int p = at.position + HEADER;
        String key = text(at, p, at.buffer.get(at.position + 5));
        p += at.buffer.get(at.position + 5) + at.buffer.get(at.position + 6);
        int profileLength = at.buffer.getInt(p);
        String profile = text(at, p + 4, profileLength);
        p += 4 + profileLength;
        String context = text(at, p + 4, at.buffer.getInt(p));
        return new ServedProfile(key, profile, context, loadId);
    }

    private byte[] keyAt(long offset) {
        ByteBufferAt at = at(offset);
        return at.buffer.get(at.position + 4) != LIVE ? null : bytes(at, at.position + HEADER, at.buffer.get(at.position + 5));
    }

    private byte[] keyBytes(long offset) {
        ByteBufferAt at = at(offset);
        return bytes(at, at.position + HEADER, at.buffer.get(at.position + 5));
    }

    private byte[] shaBytes(long offset) {
        ByteBufferAt at = at(offset);
        return bytes(at, at.position + HEADER + at.buffer.get(at.position + 5), at.buffer.get(at.position + 6));
    }

    private byte[] shaAt(long offset) {
        ByteBufferAt at = at(offset);
        return at.buffer.get(at.position + 4) != LIVE ? null
                : bytes(at, at.position + HEADER + at.buffer.get(at.position + 5), at.buffer.get(at.position + 6));
    }

    private record ByteBufferAt(MappedByteBuffer buffer, int position) {}

    private ByteBufferAt at(long offset) {
        return new ByteBufferAt(windows[(int) (offset / WINDOW)], (int) (offset % WINDOW));
    }

    private static byte[] bytes(ByteBufferAt at, int position, int length) {
        byte[] out = new byte[length];
        at.buffer.get(position, out);
        return out;
    }

    private static String text(ByteBufferAt at, int position, int length) {
        return new String(bytes(at, position, length), StandardCharsets.UTF_8);
    }

    /** 64 well-mixed bits of an id (FNV-1a, then MurmurHash3's finalizer). */
    static long hash(byte[] id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** Reads the id a record holds (null: the record is not live). */
    private interface IdAt {
        byte[] id(long offset);
    }

    /** An open-addressing table from an id's hash to its record's offset. */
    static final class Index {
        private long[] slots;
        private int used;

        Index(long expected) {
            slots = new long[capacity(expected)];
        }

        private static int capacity(long expected) {
            long wanted = Math.max(16, (long) (expected / 0.6) + 1);
            return (int) Long.highestOneBit(wanted - 1) << 1;
        }

        long find(byte[] id, IdAt ids) {
            long h = hash(id);
            long tag = h >>> 40;
            int mask = slots.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == EMPTY) {
                    return -1;
                }
                if (slot != REMOVED && slot >>> 40 == tag) {
                    long offset = slot & OFFSET_MASK;
                    if (Arrays.equals(ids.id(offset), id)) {
                        return offset;
                    }
                }
            }
        }

        /** Points {@code id} at {@code offset}; returns the offset it pointed at before, or -1. */
        long put(byte[] id, long offset, IdAt ids) {
            if ((used + 1) > slots.length * 0.6) {
                grow(ids);
            }
            long h = hash(id);
            long tag = h >>> 40;
            int mask = slots.length - 1;
            int free = -1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == EMPTY) {
                    slots[free >= 0 ? free : i] = tag << 40 | offset;
                    used++;
                    return -1;
                }
                if (slot == REMOVED) {
                    free = free >= 0 ? free : i;
                } else if (slot >>> 40 == tag && Arrays.equals(ids.id(slot & OFFSET_MASK), id)) {
                    slots[i] = tag << 40 | offset;
                    return slot & OFFSET_MASK;
                }
            }
        }

        /** Removes the entry of {@code id} that points at {@code offset}, if there is one. */
        void remove(byte[] id, long offset) {
            long h = hash(id);
            int mask = slots.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == EMPTY) {
                    return;
                }
                if (slot != REMOVED && (slot & OFFSET_MASK) == offset) {
                    slots[i] = REMOVED;
                    return;
                }
            }
        }

        /** Twice the slots: every entry placed again from its record's id (the slot keeps only 24 bits of hash). */
        private void grow(IdAt ids) {
            long[] old = slots;
            slots = new long[old.length * 2];
            used = 0;
            int mask = slots.length - 1;
            for (long slot : old) {
                if (slot != EMPTY && slot != REMOVED) {
                    long h = hash(ids.id(slot & OFFSET_MASK));
                    int i = (int) h & mask;
                    while (slots[i] != EMPTY) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = slot;
                    used++;
                }
            }
        }
    }
}
