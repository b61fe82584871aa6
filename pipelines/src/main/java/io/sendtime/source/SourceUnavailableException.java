package io.sendtime.source;

/** The source kept answering with 429 or 5xx until the retry attempts ran out. */
public class SourceUnavailableException extends SourceException {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
