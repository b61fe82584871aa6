package io.sendtime.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * SendGrid's signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER, in
 * {@code X-Twilio-Email-Event-Webhook-Signature}, over the {@code X-Twilio-Email-Event-Webhook-Timestamp} value
 * followed by the raw body; verified with the account's public key (base64 SubjectPublicKeyInfo, as SendGrid's
 * mail settings show it). SendGrid documents no replay window; the receiver applies the Standard Webhooks one
 * (five minutes either way) so that a captured request cannot be replayed later. Thread-safe.
 */
public final class SendgridSignature {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private final PublicKey key;
    private final Clock clock;

    private SendgridSignature(PublicKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /**
     * @param publicKey the verification key SendGrid shows for the webhook (base64 DER, PEM framing allowed)
     * @throws IllegalArgumentException when it is not an EC public key
     */
    public static SendgridSignature of(String publicKey, Clock clock) {
        if (publicKey == null || publicKey.isBlank()) {
            throw new IllegalArgumentException("the SendGrid verification key is empty: copy it from the Event Webhook's "
                    + "settings (Signed Event Webhook)");
        }
        String der = publicKey.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return new SendgridSignature(KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der))), clock);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the SendGrid verification key is not a base64 EC public key");
        }
    }

    /** Checks one request's headers against its raw body, exactly as received. */
    public WebhookSignature.Verdict verify(String signature, String timestamp, byte[] body) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return new WebhookSignature.Verdict(false, "missing " + (signature == null || signature.isBlank()
                    ? SIGNATURE_HEADER : TIMESTAMP_HEADER) + " header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new WebhookSignature.Verdict(false, TIMESTAMP_HEADER + " is not Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > WebhookSignature.TOLERANCE.toSeconds()) {
            return new WebhookSignature.Verdict(false, TIMESTAMP_HEADER + " is more than "
                    + WebhookSignature.TOLERANCE.toMinutes() + " minutes " + (seconds < now ? "old" : "ahead"));
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            if (ecdsa.verify(Base64.getDecoder().decode(signature.strip()))) {
                return new WebhookSignature.Verdict(true, null);
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // not base64 or not a DER signature: refused below
        }
        return new WebhookSignature.Verdict(false, SIGNATURE_HEADER + " does not match the body: a wrong key or a changed body");
    }
}
