package io.sendtime.source;

/** The source answered something the connector cannot use: an unexpected status, a body that is not JSON, or no records where the configuration says they are. */
public class SourceProtocolException extends SourceException {

    public SourceProtocolException(String message) {
        super(message);
    }

    public SourceProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
