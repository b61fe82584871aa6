package io.sendtime.bench;

import java.time.Duration;

/** Rates and durations as the benchmarks print them. */
public final class Rates {

    private Rates() {
    }

    /** Seconds, never zero (a rate divides by it). */
    public static double seconds(Duration d) {
        return Math.max(1e-9, d.toNanos() / 1e9);
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }
}
