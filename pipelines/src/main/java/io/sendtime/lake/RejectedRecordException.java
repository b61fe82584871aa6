package io.sendtime.lake;

/** A record that breaks its schema; the message is the quarantine reason. Cheap: no stack trace. */
public final class RejectedRecordException extends RuntimeException {
    public RejectedRecordException(String reason) {
        super(reason, null, false, false);
    }
}
