package io.sendtime.render;

import java.util.Set;
import java.util.function.Predicate;

import io.sendtime.privacy.SuppressionList;

/**
 * Whether a recipient's address is on the suppression list, asked by the render threads as each recipient is rendered,
 * the latest moment the send can ask: the list's keyed hashes are read once per send, each thread matches with a
 * matcher of its own (one matcher is for one thread). Built before any recipient is read, so a missing privacy key
 * fails the send first (fail closed, {@link SuppressionList#matcher(Set)}).
 */
public final class SuppressionCheck {

    /** Nobody suppressed: the list is empty. */
    public static final SuppressionCheck NONE = new SuppressionCheck(null);

    /** Each render thread's matcher; null: nobody is suppressed. */
    private final ThreadLocal<Predicate<String>> matcher;

    private SuppressionCheck(ThreadLocal<Predicate<String>> matcher) {
        this.matcher = matcher;
    }

    /** The list as it is now. */
    public static SuppressionCheck of(SuppressionList list) {
        Set<String> hashes = list.hashes();
        list.matcher(hashes); // fails here without the key when the list is not empty
        return hashes.isEmpty() ? NONE : new SuppressionCheck(ThreadLocal.withInitial(() -> list.matcher(hashes)));
    }

    /** Whether the address is on the list; safe on any thread. */
    public boolean suppressed(String email) {
        return matcher != null && email != null && matcher.get().test(email);
    }
}
