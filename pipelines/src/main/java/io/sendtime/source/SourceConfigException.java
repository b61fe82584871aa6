package io.sendtime.source;

/** The sources configuration is missing a key or holds an invalid value; the message names the key to fix. */
public class SourceConfigException extends SourceException {

    public SourceConfigException(String message) {
        super(message);
    }

    public SourceConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
