package io.sendtime.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.Normalizer2;

/**
 * Email addresses as sendtime keys them: trimmed, in Unicode normalization form C, lowercased, with the domain
 * in its ASCII (punycode) form, and their SHA-256. Every lookup of an address (erasure, suppression, customer
 * keys) goes through {@link #normalize}, so it finds what the transform stored; whether an address is
 * accepted at all is {@link EmailAddresses}'s rule.
 */
public final class Emails {

    // UTS #46 processing as browsers and mail software do it: nontransitional (ß and ς stay), STD3 host names,
    // the bidi and joiner rules of IDNA 2008
    private static final IDNA IDNA_RULES = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
            | IDNA.CHECK_CONTEXTO);

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

    private Emails() {
    }

    /**
     * The trimmed, NFC, lowercased address with an internationalized domain in its ASCII form
     * ({@code Jürgen@Bücher.example} → {@code jürgen@xn--bcher-kva.example}); a domain that is not a valid
     * internationalized domain name is left as it is. Null for null or blank.
     */
    public static String normalize(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String lower = NFC.normalize(email.strip()).toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at < 0 || isAscii(lower, at + 1)) {
            return lower;
        }
        String ascii = asciiDomain(lower.substring(at + 1));
        return ascii == null ? lower : lower.substring(0, at + 1) + ascii;
    }

    /**
     * The address as sendtime normalized it before domains were put into their ASCII form (trimmed, lowercased,
     * the domain in Unicode as sources send it): lists keyed earlier (suppression, erasure) still hold
     * internationalized domains in this form, so lookups try it too. Null for null or blank.
     */
    public static String earlierForm(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String lower = email.strip().toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        return at < 0 || !lower.substring(at + 1).contains("xn--") ? lower
                : lower.substring(0, at + 1) + unicodeDomain(lower.substring(at + 1));
    }

    /** The ASCII (punycode) form of a domain by UTS #46; null when it is not a valid domain name. */
    static String asciiDomain(String domain) {
        IDNA.Info info = new IDNA.Info();
        StringBuilder ascii = IDNA_RULES.nameToASCII(domain, new StringBuilder(), info);
        return info.hasErrors() ? null : ascii.toString();
    }

    /** The Unicode form of a valid ASCII domain ({@code xn--bcher-kva.example} → {@code bücher.example}). */
    static String unicodeDomain(String asciiDomain) {
        return IDNA_RULES.nameToUnicode(asciiDomain, new StringBuilder(), new IDNA.Info()).toString();
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        if (text == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static boolean isAscii(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
