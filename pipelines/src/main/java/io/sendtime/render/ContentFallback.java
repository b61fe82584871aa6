package io.sendtime.render;

/**
 * Open-time content cannot be personalised: the campaign's fallback tokens are answered with the reason in
 * {@code X-Sendtime-Fallback} (short, never personal data: {@code budget}, {@code unknown-recipient},
 * {@code stock-unavailable}, {@code template-error} ...).
 */
final class ContentFallback extends RuntimeException {

    private final String reason;

    ContentFallback(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
