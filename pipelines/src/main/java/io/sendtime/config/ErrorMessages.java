package io.sendtime.config;

/**
 * The one-line message of a failure, the same everywhere (CLI errors, job summaries, {@code jobs show}):
 * sendtime's own exceptions speak for themselves (their message names what to fix); anything else is
 * told by its root cause, type and first line.
 */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    /** The first sendtime exception's message in the cause chain, else the root cause's type and message. */
    public static String oneLine(Throwable failure) {
        String own = own(failure);
        if (own != null) {
            return own;
        }
        Throwable root = rootCause(failure);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
    }

    /** The first line of the first sendtime exception's message in the cause chain, or null when there is none. */
    public static String own(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isOwn(t) && t.getMessage() != null) {
                return firstLine(t.getMessage());
            }
        }
        return null;
    }

    /** The innermost cause. */
    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The message's first line, or the type's name when there is no message. */
    public static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : firstLine(failure.getMessage());
    }

    public static String firstLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).findFirst().orElse(text).strip();
    }

    private static boolean isOwn(Throwable t) {
        return t.getClass().getName().startsWith("io.sendtime.");
    }
}
