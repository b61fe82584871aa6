package io.sendtime.samples;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of both APIs ({@code after} / {@code page_info}): the feed, the last key
 * served and the time filter [lo, hi) in epoch microseconds. URL-safe Base64 without padding.
 */
record PageToken(Entity entity, SortKey last, long lo, long hi) {

    String encode() {
        String plain = String.join("\n", "v1", entity.name(), Long.toString(last.micros()), last.id(),
                Long.toString(lo), Long.toString(hi));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token is not one this server issued for {@code expected} */
    static PageToken decode(String token, Entity expected) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 6 || !parts[0].equals("v1") || !parts[1].equals(expected.name())) {
                throw new IllegalArgumentException("page token is not for this endpoint");
            }
            return new PageToken(expected, new SortKey(Long.parseLong(parts[2]), parts[3]),
                    Long.parseLong(parts[4]), Long.parseLong(parts[5]));
        } catch (IllegalArgumentException e) { // also NumberFormatException and bad Base64
            throw new IllegalArgumentException("invalid page token", e);
        }
    }
}
