package io.sendtime.samples;

/**
 * Position of a record in its feed: the sort timestamp in epoch microseconds, then the id.
 * Ids compare by length first, then character by character, so numeric ids sort numerically
 * and ids like {@code 999:x} sort before {@code 1000:x}.
 */
public record SortKey(long micros, String id) implements Comparable<SortKey> {

    @Override
    public int compareTo(SortKey o) {
        int c = Long.compare(micros, o.micros);
        if (c != 0) {
            return c;
        }
        return compareIds(id, o.id);
    }

    /** The id order used within one timestamp. */
    public static int compareIds(String a, String b) {
        int c = Integer.compare(a.length(), b.length());
        return c != 0 ? c : a.compareTo(b);
    }
}
