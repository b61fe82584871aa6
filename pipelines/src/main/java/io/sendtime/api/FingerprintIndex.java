package io.sendtime.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A point-lookup index from identifiers to positions in a local file: 64-bit fingerprints and their positions in two
 * primitive arrays (open addressing, linear probing, at most half full): 32 bytes per entry on the heap, no object per
 * entry. A fingerprint is not proof: the caller checks the identifier against what it reads at the position (so a
 * collision can only miss, never serve someone else's data). Built once, read by many threads; {@link #remove} (an
 * erasure) is the only change, and a reader sees a position or nothing.
 */
final class FingerprintIndex {

    /** What {@link #find} answers for an identifier it does not hold. */
    static final long ABSENT = -1;

    private long[] keys;
    private long[] positions;
    private int mask;
    private int size;

    /** An index for about {@code expected} entries; it grows while it is built (before any reader sees it). */
    FingerprintIndex(int expected) {
        allocate(Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        positions = new long[capacity];
        Arrays.fill(positions, ABSENT);
        mask = capacity - 1;
        size = 0;
    }

    /** The fingerprint of an identifier of a kind ('k' customer key, 'e' email SHA-256...): never 0 (the empty slot). */
    static long fingerprint(char kind, String id) {
        long h = 0xcbf29ce484222325L ^ kind;
        h *= 0x100000001b3L;
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // finalizer of MurmurHash3: FNV's low bits alone cluster
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** Adds an entry; only while the index is built, before any reader sees it. */
    void put(long fingerprint, long position) {
        if (size * 2 >= keys.length) {
            long[] oldKeys = keys;
            long[] oldPositions = positions;
            allocate(keys.length * 2);
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    put(oldKeys[i], oldPositions[i]);
                }
            }
        }
        int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
        while (keys[slot] != 0 && keys[slot] != fingerprint) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == 0) {
            size++;
        }
        keys[slot] = fingerprint;
        positions[slot] = position;
    }

    long find(long fingerprint) {
        int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
        for (long k = keys[slot]; k != 0; k = keys[slot]) {
            if (k == fingerprint) {
                return positions[slot];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    /** Forgets a fingerprint's position (its slot stays taken, so probing past it still works). */
    void remove(long fingerprint) {
        int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
        for (long k = keys[slot]; k != 0; k = keys[slot]) {
            if (k == fingerprint) {
                positions[slot] = ABSENT;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    int size() {
        return size;
    }
}
