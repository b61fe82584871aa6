package io.sendtime.samples;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 timestamps as epoch microseconds. Formatting is hand-rolled because the generated
 * feeds format millions of timestamps per second and {@link DateTimeFormatter} is the hot spot.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** Epoch microseconds of an instant. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Instant of epoch microseconds. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Drops precision below {@code fractionDigits} (0, 3 or 6). */
    public static long truncate(long micros, int fractionDigits) {
        long unit = fractionDigits == 0 ? 1_000_000L : fractionDigits == 3 ? 1_000L : 1L;
        return Math.floorDiv(micros, unit) * unit;
    }

    /** UTC with milliseconds and {@code Z}, e.g. {@code 2026-10-01T10:00:00.456Z} (HubSpot style). */
    public static String utcMillis(long micros) {
        return format(micros, 3, 0, true);
    }

    /**
     * Formats with the given number of fraction digits (0, 3 or 6) at a fixed UTC offset.
     * With {@code zulu} and offset 0 the zone is written {@code Z}, otherwise {@code +hh:mm}.
     */
    public static String format(long micros, int fractionDigits, int offsetSeconds, boolean zulu) {
        long local = micros + offsetSeconds * 1_000_000L;
        long secs = Math.floorDiv(local, 1_000_000L);
        int frac = (int) Math.floorMod(local, 1_000_000L);
        long day = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        char[] b = new char[32];
        int p = 0;
        p = digits(b, p, date.getYear(), 4);
        b[p++] = '-';
        p = digits(b, p, date.getMonthValue(), 2);
        b[p++] = '-';
        p = digits(b, p, date.getDayOfMonth(), 2);
        b[p++] = 'T';
        p = digits(b, p, sod / 3600, 2);
        b[p++] = ':';
        p = digits(b, p, sod / 60 % 60, 2);
        b[p++] = ':';
        p = digits(b, p, sod % 60, 2);
        if (fractionDigits == 3) {
            b[p++] = '.';
            p = digits(b, p, frac / 1000, 3);
        } else if (fractionDigits == 6) {
            b[p++] = '.';
            p = digits(b, p, frac, 6);
        }
        if (offsetSeconds == 0 && zulu) {
            b[p++] = 'Z';
        } else {
            int abs = Math.abs(offsetSeconds);
            b[p++] = offsetSeconds < 0 ? '-' : '+';
            p = digits(b, p, abs / 3600, 2);
            b[p++] = ':';
            p = digits(b, p, abs / 60 % 60, 2);
        }
        return new String(b, 0, p);
    }

    private static int digits(char[] b, int p, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            b[p + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }

    /**
     * Parses an ISO-8601 timestamp with offset or {@code Z} (any fraction up to microseconds),
     * or epoch milliseconds when {@code allowEpochMillis}.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static long parse(String text, boolean allowEpochMillis) {
        if (allowEpochMillis && !text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Math.multiplyExact(Long.parseLong(text), 1_000L);
        }
        try {
            return micros(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not an ISO-8601 timestamp with offset: " + text, e);
        }
    }
}
