package io.sendtime.render;

/** A campaign or template problem, in one line naming the file (and line, when there is one). */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
