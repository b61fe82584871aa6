package io.sendtime.cli;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/** Durations on the command line: {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT1H}). */
final class Durations {

    private Durations() {
    }

    static Duration parse(String option, String value) {
        try {
            return DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.ConfigurationError(option + ": not a duration: " + value + " (try 30m, 2h, 7d or PT1H)", e);
        }
    }

    /** {@code 1d 3h}, {@code 2h 5m}, {@code 45s}: two units at most. */
    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 86_400) {
            return s / 86_400 + "d " + (s % 86_400) / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + (s % 3600) / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }
}
