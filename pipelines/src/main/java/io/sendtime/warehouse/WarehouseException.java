package io.sendtime.warehouse;

/** A warehouse problem told in one line: what happened and what to do. */
public class WarehouseException extends RuntimeException {

    public WarehouseException(String message) {
        super(message, null);
    }

    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The file is locked by another process (a load or render job is writing). */
    public static final class Busy extends WarehouseException {
        public Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A reader found no warehouse file. */
    public static final class Missing extends WarehouseException {
        public Missing(String message) {
            super(message, null);
        }
    }

    /** A statement the read-only shell does not run (exit code 2, one line saying what it runs). */
    public static final class Refused extends WarehouseException {
        public Refused(String message) {
            super(message, null);
        }
    }
}
