package io.sendtime.source;

/** The source rejected the credentials, or the environment variable holding them is unset. */
public class SourceAuthException extends SourceException {

    public SourceAuthException(String message) {
        super(message);
    }

    public SourceAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
