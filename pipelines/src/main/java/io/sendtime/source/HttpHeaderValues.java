package io.sendtime.source;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the two response headers the client acts on: {@code Retry-After} and {@code Link}. */
final class HttpHeaderValues {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile("(?i)\\brel\\s*=\\s*(\"([^\"]*)\"|([^\\s;,]+))");

    private HttpHeaderValues() {
    }

    /** {@code Retry-After} as seconds (fractional allowed, e.g. {@code 1.0}) or an HTTP-date; empty if absent or garbled. */
    static Optional<Duration> retryAfter(Optional<String> header, Clock clock) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            double seconds = Double.parseDouble(value);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) (seconds * 1_000_000_000L)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(clock.instant(), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /**
     * The target of the link with relation {@code rel} in any of the {@code Link} header values,
     * resolved against {@code requestUri} when relative; empty when there is none.
     */
    static Optional<URI> link(List<String> linkHeaders, String rel, URI requestUri) {
        for (String header : linkHeaders) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher relMatch = REL.matcher(link.group(2));
                if (relMatch.find()) {
                    String rels = relMatch.group(2) != null ? relMatch.group(2) : relMatch.group(3);
                    for (String r : rels.trim().split("\\s+")) {
                        if (r.equalsIgnoreCase(rel)) {
                            return Optional.of(requestUri.resolve(link.group(1).trim()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
