package io.sendtime.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook authentication as the Standard Webhooks specification has it: the headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} (space-separated {@code v1,<base64>}
 * entries, one per secret the sender signs with); the signature an HMAC-SHA256, keyed with the base64 secret after
 * its {@code whsec_} prefix, over {@code <id>.<timestamp>.<raw body>}, compared in constant time; a timestamp more
 * than five minutes from the receiver's clock is refused, so a captured request cannot be replayed later.
 * Thread-safe. The secret never appears in a message.
 */
public final class WebhookSignature {

    /** How far a request's timestamp may be from the receiver's clock, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    private WebhookSignature(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
    }

    /**
     * @param secret the shared secret, {@code whsec_<base64>} (or the base64 alone)
     * @throws IllegalArgumentException naming what is wrong with it, never echoing it
     */
    public static WebhookSignature of(String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook secret is empty: set it to whsec_<base64>");
        }
        String encoded = secret.strip();
        encoded = encoded.startsWith(PREFIX) ? encoded.substring(PREFIX.length()) : encoded;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret is not whsec_ followed by base64");
        }
        if (key.length < 16) {
            throw new IllegalArgumentException("the webhook secret holds " + key.length + " bytes: use at least 16 (24 to 64 "
                    + "is usual)");
        }
        return new WebhookSignature(key, clock);
    }

    /** The verdict on one request: accepted, or refused with a one-line reason that names no secret. */
    public record Verdict(boolean accepted, String reason) {
        static final Verdict ACCEPTED = new Verdict(true, null);

        static Verdict refused(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Checks one request's headers against its raw body, exactly as received. */
    public Verdict verify(String id, String timestamp, String signatures, byte[] body) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            return Verdict.refused("missing " + (isBlank(id) ? "webhook-id" : isBlank(timestamp) ? "webhook-timestamp"
                    : "webhook-signature") + " header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.refused("webhook-timestamp is not Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > TOLERANCE.toSeconds()) {
            return Verdict.refused("webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes "
                    + (seconds < now ? "old" : "ahead") + ": a replayed or delayed request, or a clock out of step");
        }
        byte[] expected = mac(id, timestamp.strip(), body);
        for (String entry : signatures.strip().split("\\s+")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue; // another scheme (v1a: asymmetric) or a malformed entry: not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return Verdict.ACCEPTED;
            }
        }
        return Verdict.refused("no webhook-signature matches the body: a wrong secret or a changed body");
    }

    /** The {@code webhook-signature} value for a request (what a sender, or a test, puts in the header). */
    public String sign(String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(id, Long.toString(timestamp), body));
    }

    private byte[] mac(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HMAC-SHA256", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "WebhookSignature[****]";
    }
}
