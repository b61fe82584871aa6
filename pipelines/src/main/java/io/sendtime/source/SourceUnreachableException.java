package io.sendtime.source;

/** The source could not be reached (connection refused, dropped, or timed out) even after retries. */
public class SourceUnreachableException extends SourceException {

    public SourceUnreachableException(String message) {
        super(message);
    }

    public SourceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
