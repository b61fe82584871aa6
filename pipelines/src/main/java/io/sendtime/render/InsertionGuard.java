package io.sendtime.render;

import java.util.EnumMap;
import java.util.Map;

import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;

/**
 * What a customer value becomes when a template inserts it: its token's insertion rule
 * ({@link TokenContext#insert}). The value is only ever text: it is never parsed.
 */
final class InsertionGuard implements ReferenceInsertionEventHandler {

    private static final Map<TokenContext, InsertionGuard> GUARDS = new EnumMap<>(TokenContext.class);

    static {
        for (TokenContext context : TokenContext.values()) {
            GUARDS.put(context, new InsertionGuard(context));
        }
    }

    private final TokenContext context;

    private InsertionGuard(TokenContext context) {
        this.context = context;
    }

    static InsertionGuard of(TokenContext context) {
        return GUARDS.get(context);
    }

    @Override
    public Object referenceInsert(Context velocityContext, String reference, Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return context.insert(value.toString());
    }
}
