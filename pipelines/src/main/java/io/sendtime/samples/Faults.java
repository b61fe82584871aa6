package io.sendtime.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Switchable failures of the sample APIs. Each armed fault hits the next {@code requests}
 * requests whose path starts with its prefix (null or "" = any path); faults armed earlier fire
 * first. {@link #down(boolean) down} drops every connection until switched off. Thread-safe.
 */
public final class Faults {

    /** The failure a request gets. */
    public enum Kind {
        /** HTTP 429 with {@code Retry-After}. */
        RATE_LIMIT,
        /** HTTP 500/502/503 with a JSON error body. */
        SERVER_ERROR,
        /** The normal response, after a delay. */
        SLOW,
        /** The connection is closed without any response. */
        DROP_CONNECTION,
        /** HTTP 200 whose body (and Content-Length) stops half-way through the JSON. */
        TRUNCATED_BODY,
        /** The API is down: the connection is closed at once. */
        DOWN
    }

    /** A fault as applied to one request. */
    record Hit(Kind kind, int status, Duration duration) {
    }

    private static final class Armed {
        final Hit hit;
        final String prefix;
        int remaining;

        Armed(Hit hit, String prefix, int remaining) {
            this.hit = hit;
            this.prefix = prefix == null ? "" : prefix;
            this.remaining = remaining;
        }
    }

    private final List<Armed> armed = new ArrayList<>();
    private final Map<Kind, AtomicLong> fired = new EnumMap<>(Kind.class);
    private volatile boolean down;

    Faults() {
        for (Kind k : Kind.values()) {
            fired.put(k, new AtomicLong());
        }
    }

    /** The next {@code requests} matching requests get 429 with {@code Retry-After: retryAfter}. */
    public void rateLimitBurst(int requests, Duration retryAfter, String pathPrefix) {
        arm(new Hit(Kind.RATE_LIMIT, 429, retryAfter), pathPrefix, requests);
    }

    /** The next {@code requests} matching requests get {@code status} (500, 502 or 503). */
    public void serverError(int status, int requests, String pathPrefix) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("not a 5xx status: " + status);
        }
        arm(new Hit(Kind.SERVER_ERROR, status, Duration.ZERO), pathPrefix, requests);
    }

    /** The next {@code requests} matching requests are answered normally after {@code delay}. */
    public void slow(Duration delay, int requests, String pathPrefix) {
        arm(new Hit(Kind.SLOW, 200, delay), pathPrefix, requests);
    }

    /** The next {@code requests} matching requests have their connection closed without a response. */
    public void dropConnection(int requests, String pathPrefix) {
        arm(new Hit(Kind.DROP_CONNECTION, 0, Duration.ZERO), pathPrefix, requests);
    }

    /** The next {@code requests} matching requests get a 200 whose JSON body is cut off half-way. */
    public void truncateBody(int requests, String pathPrefix) {
        arm(new Hit(Kind.TRUNCATED_BODY, 200, Duration.ZERO), pathPrefix, requests);
    }

    /** While down, every request's connection is closed at once. */
    public void down(boolean down) {
        this.down = down;
    }

    public boolean isDown() {
        return down;
    }

    /** Disarms every fault and brings the API up. */
    public synchronized void clear() {
        armed.clear();
        down = false;
    }

    /** How many requests a kind of fault has hit so far. */
    public long fired(Kind kind) {
        return fired.get(kind).get();
    }

    /** How many requests any fault has hit so far. */
    public long firedTotal() {
        return fired.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private synchronized void arm(Hit hit, String prefix, int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1");
        }
        armed.add(new Armed(hit, prefix, requests));
    }

    /** The fault this request gets, if any, counting it as fired. */
    Hit take(String path) {
        if (down) {
            fired.get(Kind.DOWN).incrementAndGet();
            return new Hit(Kind.DOWN, 0, Duration.ZERO);
        }
        synchronized (this) {
            for (int i = 0; i < armed.size(); i++) {
                Armed a = armed.get(i);
                if (path.startsWith(a.prefix)) {
                    if (--a.remaining == 0) {
                        armed.remove(i);
                    }
                    fired.get(a.hit.kind()).incrementAndGet();
                    return a.hit;
                }
            }
        }
        return null;
    }
}
