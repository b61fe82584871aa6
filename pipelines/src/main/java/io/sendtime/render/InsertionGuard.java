package io.sendtime.render;

import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;

/**
 * What a customer value becomes when a template inserts it: control characters removed (tab and line
 * breaks kept), and, in an HTML token, HTML-escaped. The value is only ever text: it is never parsed.
 */
final class InsertionGuard implements ReferenceInsertionEventHandler {

    static final InsertionGuard TEXT = new InsertionGuard(false);
    static final InsertionGuard HTML = new InsertionGuard(true);

    private final boolean html;

    private InsertionGuard(boolean html) {
        this.html = html;
    }

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String text = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private String replacement(char c) {
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            return "";
        }
        if (!html) {
            return null;
        }
        return switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
        };
    }
}
