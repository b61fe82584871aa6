package io.sendtime.source;

import java.time.Duration;

/**
 * A failure worth another attempt. Internal to the client: once attempts run out it becomes the
 * matching public {@link SourceException} through {@link RestSourceClient}.
 */
final class RetryableFailure extends RuntimeException {

    enum Kind { HTTP_STATUS, TIMEOUT, CONNECT_TIMEOUT, REFUSED, DROPPED, BAD_BODY }

    final Kind kind;
    final int status;
    /** What the source asked us to wait (Retry-After), or null. */
    final Duration retryAfter;

    RetryableFailure(Kind kind, int status, Duration retryAfter, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static RetryableFailure status(int status, Duration retryAfter, String detail) {
        return new RetryableFailure(Kind.HTTP_STATUS, status, retryAfter, detail, null);
    }

    static RetryableFailure of(Kind kind, String detail, Throwable cause) {
        return new RetryableFailure(kind, 0, null, detail, cause);
    }
}
