package io.sendtime.transform;

import java.util.function.Function;

import io.sendtime.model.Emails;

/**
 * How a {@code customer_key} is derived: the first 16 hex digits of the keyed hash (HMAC-SHA256 with the
 * privacy key, {@link io.sendtime.privacy.KeyedHash}) of the plain key, which is the first 16 hex digits of the
 * SHA-256 of the normalized email when identities match by email and there is one, otherwise of
 * {@code <system>:<id>} ({@code crm:1004}, {@code commerce:207119551}). Without the privacy key no one can tell
 * whose key it is from an address or an id, and no other keyed hash sendtime keeps (the suppression list's, the
 * erasure ledger's) shares digits with it. Keys issued as plain keys by earlier versions are re-keyed with the
 * same function ({@link #rekeyed}), so they agree with every key derived afterwards. Derivation only decides a
 * key the first time a record is seen; {@link Identities} keeps it from then on.
 */
public final class CustomerKeys {

    public static final String CRM = "crm";
    public static final String COMMERCE = "commerce";

    private CustomerKeys() {
    }

    /**
     * @param keyed the keyed hash (one per thread: {@link io.sendtime.privacy.KeyedHash#hasher()})
     */
    public static String derive(TransformSettings.MatchBy matchBy, String system, String id, String normalizedEmail,
                                Function<String, String> keyed) {
        if (matchBy == TransformSettings.MatchBy.EMAIL && normalizedEmail != null) {
            return of(normalizedEmail, keyed);
        }
        return id == null ? null : of(system + ":" + id, keyed);
    }

    static String of(String text, Function<String, String> keyed) {
        return rekeyed(Emails.sha256(text).substring(0, 16), keyed);
    }

    /** The key a plain key (an earlier version's: 16 hex digits of a SHA-256) becomes. */
    public static String rekeyed(String plainKey, Function<String, String> keyed) {
        return keyed.apply("customer_key:" + plainKey).substring(0, 16);
    }
}
