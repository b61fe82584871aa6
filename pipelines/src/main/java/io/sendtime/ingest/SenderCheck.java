package io.sendtime.ingest;

import java.time.Clock;
import java.util.function.Function;

/**
 * How one endpoint authenticates its sender: the Standard Webhooks headers with a shared secret, or SendGrid's
 * signature with the account's public key, either read from the environment variable configuration names. Without
 * that variable the endpoint is off (404 naming the variable), never open.
 */
interface SenderCheck {

    /** Verifies a request: its headers (by name, any case) and raw body. */
    WebhookSignature.Verdict verify(Function<String, String> headers, byte[] body);

    static SenderCheck standardWebhooks(String secret, Clock clock) {
        WebhookSignature signature = WebhookSignature.of(secret, clock);
        return (headers, body) -> signature.verify(headers.apply("webhook-id"), headers.apply("webhook-timestamp"),
                headers.apply("webhook-signature"), body);
    }

    static SenderCheck sendgrid(String publicKey, Clock clock) {
        SendgridSignature signature = SendgridSignature.of(publicKey, clock);
        return (headers, body) -> signature.verify(headers.apply(SendgridSignature.SIGNATURE_HEADER),
                headers.apply(SendgridSignature.TIMESTAMP_HEADER), body);
    }

    /** The check a provider's {@code signature} names, keyed with the value of its {@code key-env}. */
    static SenderCheck of(String scheme, String key, Clock clock, String property) {
        return switch (scheme) {
            case "sendgrid" -> sendgrid(key, clock);
            case "standard-webhooks" -> standardWebhooks(key, clock);
            default -> throw new IllegalArgumentException(property + ": sendgrid or standard-webhooks, not " + scheme);
        };
    }
}
