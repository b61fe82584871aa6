package io.sendtime.source;

/**
 * Base of every failure a REST source reports. Messages are one line, name the source and say what
 * to do; they never contain a secret, so callers can print {@link #getMessage()} as is.
 */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
