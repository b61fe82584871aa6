package io.sendtime.samples;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One entity's records in (sort time, id) order: an optional virtual base (records computed by a
 * {@link SampleGenerator}) merged with an in-memory overlay (loaded, changed, created and injected
 * records as JSON text). A changed base record is hidden from the base and lives in the overlay,
 * so memory grows only with churn.
 */
final class Feed {

    /** What a page read returned. */
    record PageResult(int served, SortKey last, boolean more) {
    }

    private final Entity entity;
    private final SampleGenerator base;
    private final long baseCount;
    private final ConcurrentSkipListMap<SortKey, String> overlay = new ConcurrentSkipListMap<>();
    /** Current overlay key of every record that churn may pick (not injected raw records). */
    private final Map<String, SortKey> overlayKeyById = new HashMap<>();
    /** Ids that exist only in the overlay, for picking records at random. */
    private final List<String> overlayOnlyIds = new ArrayList<>();
    private final BitSet hiddenBase = new BitSet();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    Feed(Entity entity, SampleGenerator base) {
        this.entity = entity;
        this.base = base;
        this.baseCount = base == null ? 0 : base.count(entity);
    }

    Entity entity() { return entity; }

    /** Number of virtual base records (0 for a loaded dataset). */
    long baseCount() { return baseCount; }

    /** Records currently in the feed, raw injected ones included. */
    long size() {
        lock.readLock().lock();
        try {
            return baseCount - hiddenBase.cardinality() + overlay.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of records churn can pick from: base ids plus overlay-only ids. */
    long pickableCount() {
        lock.readLock().lock();
        try {
            return baseCount + overlayOnlyIds.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The id of the n-th pickable record. */
    String pickableId(long n) {
        lock.readLock().lock();
        try {
            return n < baseCount ? base.id(entity, n) : overlayOnlyIds.get((int) (n - baseCount));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The current JSON of a pickable record: overlay version if any, else the base version. */
    String currentJson(long n) {
        lock.readLock().lock();
        try {
            String id = n < baseCount ? base.id(entity, n) : overlayOnlyIds.get((int) (n - baseCount));
            SortKey k = overlayKeyById.get(id);
            return k != null ? overlay.get(k) : base.json(entity, n);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Puts a new version of a record. {@code baseIndex} is its base index when it has one, else -1.
     * The previous version (overlay or base) disappears from the feed.
     */
    void put(SortKey key, String json, long baseIndex) {
        lock.writeLock().lock();
        try {
            SortKey old = overlayKeyById.put(key.id(), key);
            if (old != null) {
                overlay.remove(old);
            } else if (baseIndex >= 0) {
                hiddenBase.set(Math.toIntExact(baseIndex));
            } else {
                overlayOnlyIds.add(key.id());
            }
            overlay.put(key, json);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds a raw record at a key without any bookkeeping (for malformed-record tests). */
    void inject(SortKey key, String rawJson) {
        lock.writeLock().lock();
        try {
            overlay.put(key, rawJson);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Writes up to {@code limit} records with sort time in [loMicros, hiMicros) and key after
     * {@code after} (exclusive; null for the start) into {@code g}, in key order.
     */
    PageResult page(long loMicros, long hiMicros, SortKey after, int limit, JsonGenerator g) throws IOException {
        lock.readLock().lock();
        try {
            SortKey start = after != null ? after : new SortKey(loMicros, "");
            boolean inclusive = after == null;
            long bi = lowerBound(start, inclusive);
            Iterator<Map.Entry<SortKey, String>> oi = overlay.tailMap(start, inclusive).entrySet().iterator();
            Map.Entry<SortKey, String> oNext = nextWithin(oi, hiMicros);
            SortKey bKey = null;
            int served = 0;
            SortKey last = null;
            while (true) {
                if (bKey == null) {
                    while (bi < baseCount && hiddenBase.get((int) bi)) {
                        bi++;
                    }
                    if (bi < baseCount) {
                        bKey = base.key(entity, bi);
                        if (bKey.micros() >= hiMicros) {
                            bi = baseCount;
                            bKey = null;
                        }
                    }
                }
                if (bKey == null && oNext == null) {
                    return new PageResult(served, last, false);
                }
                if (served == limit) {
                    return new PageResult(served, last, true);
                }
                if (oNext == null || (bKey != null && bKey.compareTo(oNext.getKey()) < 0)) {
                    base.write(entity, bi, g);
                    last = bKey;
                    bKey = null;
                    bi++;
                } else {
                    g.writeRawValue(oNext.getValue());
                    last = oNext.getKey();
                    oNext = nextWithin(oi, hiMicros);
                }
                served++;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of records with sort time in [loMicros, hiMicros). */
    long count(long loMicros, long hiMicros) {
        lock.readLock().lock();
        try {
            long from = lowerBound(new SortKey(loMicros, ""), true);
            long to = lowerBound(new SortKey(hiMicros, ""), true);
            long hidden = from < to ? hiddenBase.get(Math.toIntExact(from), Math.toIntExact(to)).cardinality() : 0;
            return Math.max(0, to - from) - hidden
                    + overlay.subMap(new SortKey(loMicros, ""), true, new SortKey(hiMicros, ""), false).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private static Map.Entry<SortKey, String> nextWithin(Iterator<Map.Entry<SortKey, String>> it, long hiMicros) {
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<SortKey, String> e = it.next();
        return e.getKey().micros() < hiMicros ? e : null;
    }

    /** First base index whose key is after (or, inclusive, at or after) {@code key}. */
    private long lowerBound(SortKey key, boolean inclusive) {
        long lo = 0;
        long hi = baseCount;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            int c = base.key(entity, mid).compareTo(key);
            if (c < 0 || (c == 0 && !inclusive)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
