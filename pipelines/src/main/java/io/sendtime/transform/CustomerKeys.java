package io.sendtime.transform;

import io.sendtime.model.Emails;

/**
 * How a {@code customer_key} is derived: the first 16 hex digits of the SHA-256 of the normalized
 * email when identities match by email and there is one; otherwise of {@code <system>:<id>}
 * ({@code crm:1004}, {@code commerce:207119551}). Derivation only decides a key the first time a
 * record is seen; {@link Identities} keeps it from then on.
 */
public final class CustomerKeys {

    public static final String CRM = "crm";
    public static final String COMMERCE = "commerce";

    private CustomerKeys() {
    }

    public static String derive(TransformSettings.MatchBy matchBy, String system, String id, String normalizedEmail) {
        if (matchBy == TransformSettings.MatchBy.EMAIL && normalizedEmail != null) {
            return of(normalizedEmail);
        }
        return id == null ? null : of(system + ":" + id);
    }

    static String of(String text) {
        return Emails.sha256(text).substring(0, 16);
    }
}
