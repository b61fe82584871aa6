package io.sendtime.render;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.AbstractContext;
import org.apache.velocity.context.Context;

/**
 * The Velocity context a render thread merges every token of every recipient in: one per thread and campaign, reused,
 * so that what Velocity learns about a template's method calls (its introspection cache, kept per context and keyed by
 * template node and class) serves every recipient instead of being looked up again for each token. For each merge,
 * {@link #reset} gives it the recipient's values (read, never written) and the token's insertion rule; what a template
 * sets ({@code #set}, {@code #foreach}'s variables) lives only in that merge, as with a new context each time.
 * Confined to its thread.
 */
final class MergeContext extends AbstractContext {

    /** What a template removed during this merge ({@code #set} to null): undefined until the merge ends. */
    private static final Object REMOVED = new Object();

    private final Map<String, Object> locals = new HashMap<>();
    private final Guard guard = new Guard();
    private final TextOut out = new TextOut();
    private Map<String, Object> recipient = Map.of();
    private Object fmt;
    private Object locale;
    private Object variant;

    MergeContext() {
        EventCartridge events = new EventCartridge();
        events.addReferenceInsertionEventHandler(guard);
        attachEventCartridge(events);
    }

    /** Ready for one merge: the recipient's values, {@code $fmt}, {@code $locale}, {@code $variant}, the token's rule. */
    MergeContext reset(Map<String, Object> recipient, Object fmt, Object locale, Object variant, TokenContext token) {
        locals.clear();
        this.recipient = recipient;
        this.fmt = fmt;
        this.locale = locale;
        this.variant = variant;
        guard.token = token;
        return this;
    }

    /** Merges a template in this context (after {@link #reset}) and gives the text it wrote. */
    String merge(org.apache.velocity.Template template) {
        out.text.setLength(0);
        template.merge(this, out);
        return out.text.toString();
    }

    /** Where a merge writes: one text buffer reused for every merge, without StringWriter's synchronized buffer. */
    private static final class TextOut extends java.io.Writer {
        final StringBuilder text = new StringBuilder(1024);

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            text.append(s, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    @Override
    public Object internalGet(String key) {
        Object local = locals.get(key);
        if (local != null) {
            return local == REMOVED ? null : local;
        }
        return switch (key) {
            case "fmt" -> fmt;
            case "locale" -> locale;
            case "variant" -> variant;
            default -> recipient.get(key);
        };
    }

    @Override
    public Object internalPut(String key, Object value) {
        Object old = internalGet(key);
        locals.put(key, value == null ? REMOVED : value);
        return old;
    }

    @Override
    public boolean internalContainsKey(String key) {
        Object local = locals.get(key);
        if (local != null) {
            return local != REMOVED;
        }
        return "fmt".equals(key) || "locale".equals(key) || "variant".equals(key) || recipient.containsKey(key);
    }

    @Override
    public String[] internalGetKeys() {
        Set<String> keys = new LinkedHashSet<>(recipient.keySet());
        keys.add("fmt");
        keys.add("locale");
        keys.add("variant");
        locals.forEach((key, value) -> {
            if (value == REMOVED) {
                keys.remove(key);
            } else {
                keys.add(key);
            }
        });
        return keys.toArray(String[]::new);
    }

    @Override
    public Object internalRemove(String key) {
        Object old = internalGet(key);
        locals.put(key, REMOVED);
        return old;
    }

    /** The current token's insertion rule ({@link InsertionGuard}) for every value a template inserts. */
    private static final class Guard implements ReferenceInsertionEventHandler {
        private TokenContext token;

        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            return InsertionGuard.of(token).referenceInsert(context, reference, value);
        }
    }
}
