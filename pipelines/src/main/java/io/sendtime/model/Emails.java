package io.sendtime.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as sendtime keys them: trimmed, lowercased, and their SHA-256. */
public final class Emails {

    // deliberately loose: one @, something on each side, a dot in the domain; the ESP validates deliverability
    private static final Pattern PLAUSIBLE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private Emails() {
    }

    /** The trimmed, lowercased address; null for null or blank. */
    public static String normalize(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether a normalized address looks like an email at all. */
    public static boolean isPlausible(String normalized) {
        return normalized != null && PLAUSIBLE.matcher(normalized).matches();
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        if (text == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
