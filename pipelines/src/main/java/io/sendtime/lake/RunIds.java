package io.sendtime.lake;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ids of extract runs, transform runs and compactions, which name their files in the lake:
 * {@code 20261122T081500Z-t3fa9c2}, when the run started, then a kind letter ({@code ""} for extracts,
 * {@code t} transforms, {@code c} compactions) and a random suffix.
 */
public final class RunIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next(Instant now, String kind) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return TIME.format(now) + "-" + kind + HexFormat.of().formatHex(suffix);
    }

    public static Instant startedAt(String runId) {
        return Instant.from(TIME.parse(runId.substring(0, runId.indexOf('-'))));
    }

    /** Matches the ids of {@code kind}. */
    public static Pattern pattern(String kind) {
        return Pattern.compile("\\d{8}T\\d{6}Z-" + Pattern.quote(kind) + "[0-9a-f]{6}");
    }
}
