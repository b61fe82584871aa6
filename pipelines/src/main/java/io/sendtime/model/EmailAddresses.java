package io.sendtime.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.sanctionco.jmail.Email;
import com.sanctionco.jmail.EmailValidationResult;
import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;

/**
 * Which addresses sendtime accepts to send to, in the form it keeps them ({@link Emails#normalize}). An address
 * passes, in this order:
 * <ol>
 *   <li>no control character (C0, C1, U+2028, U+2029), no bidi control (Bidi_Control: embeddings, overrides,
 *       isolates and the LRM, RLM and ALM marks) and nothing invisible (white space other than the ASCII space,
 *       which the syntax refuses, default-ignorable and other format characters: zero-width, no-break spaces);</li>
 *   <li>no compatibility character (one NFKC would replace: full-width {@code ｊｏｅ}, ligatures, superscripts).
 *       Folding them would silently send to another address, so the address is refused instead;</li>
 *   <li>the RFC 5321/5322 syntax (RFC 6531 for non-ASCII local parts) as JMail's strict validator checks it: a
 *       top-level domain of two or more characters, no IP-literal domain, no source route; and, for a marketing
 *       list, no display name ({@code Bob <bob@example.com>}), no comments, no quoted local part, no obsolete
 *       folding white space;</li>
 *   <li>a domain that is a valid internationalized domain name (UTS #46): kept in its ASCII form;</li>
 *   <li>a local part and domain labels that each pass UTS #39's "highly restrictive" level: one script (Latin,
 *       Cyrillic, Greek...), or Latin with Han and Kana, Han and Bopomofo, or Han and Hangul, and one kind of
 *       digits. So {@code pаypal@example.com} with a Cyrillic 'а' is refused;</li>
 *   <li>at most 254 octets once normalized (RFC 5321's path limit).</li>
 * </ol>
 */
public final class EmailAddresses {

    /** Why an address is refused; counters name it {@code email_<label>}. */
    public enum Flaw {
        CONTROL_CHARACTER, BIDI_CONTROL, INVISIBLE_CHARACTER, COMPATIBILITY_CHARACTER, INVALID_SYNTAX,
        INVALID_DOMAIN, MIXED_SCRIPT;

        /** The name counters use: {@code invalid_syntax}, {@code mixed_script}... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param address the accepted address, normalized; null when there was none or it was refused
     * @param flaw    why it was refused; null when accepted or when there was none
     */
    public record Checked(String address, Flaw flaw) {
        static Checked refused(Flaw flaw) {
            return new Checked(null, flaw);
        }
    }

    private static final int MAX_OCTETS = 254;

    private static final EmailValidator SYNTAX = JMail.strictValidator()
            .disallowSingleCharacterTopLevelDomains()
            .disallowQuotedIdentifiers()
            .disallowObsoleteWhitespace()
            .withRule(email -> email.comments().isEmpty(), "contains a comment")
            .withRule(email -> !email.localPart().startsWith("\""), "quoted local part");

    private static final SpoofChecker ONE_SCRIPT = new SpoofChecker.Builder()
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS)
            .build();

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    private EmailAddresses() {
    }

    /** The address {@code raw} stands for, or why it is refused; neither for null or blank. */
    public static Checked check(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Checked(null, null);
        }
        String text = raw.strip();
        Flaw character = characterFlaw(text);
        if (character != null) {
            return Checked.refused(character);
        }
        String composed = NFC.normalize(text);
        if (!NFKC.isNormalized(composed)) {
            return Checked.refused(Flaw.COMPATIBILITY_CHARACTER);
        }
        EmailValidationResult syntax = SYNTAX.validate(composed.toLowerCase(Locale.ROOT));
        if (syntax.isFailure() || syntax.getEmail().isEmpty()) {
            return Checked.refused(Flaw.INVALID_SYNTAX);
        }
        Email email = syntax.getEmail().get();
        String domain = Emails.asciiDomain(email.domain());
        if (domain == null) {
            return Checked.refused(Flaw.INVALID_DOMAIN);
        }
        if (mixesScripts(email.localPart()) || labelMixesScripts(Emails.unicodeDomain(domain))) {
            return Checked.refused(Flaw.MIXED_SCRIPT);
        }
        String address = Emails.normalize(text);
        if (address.getBytes(StandardCharsets.UTF_8).length > MAX_OCTETS) {
            return Checked.refused(Flaw.INVALID_SYNTAX);
        }
        return new Checked(address, null);
    }

    private static Flaw characterFlaw(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (DisplayText.isSurrogate(cp)) {
                return Flaw.INVALID_SYNTAX;
            }
            if (DisplayText.isControl(cp)) {
                return Flaw.CONTROL_CHARACTER;
            }
            if (UCharacter.hasBinaryProperty(cp, UProperty.BIDI_CONTROL)) {
                return Flaw.BIDI_CONTROL;
            }
            if ((cp != ' ' && DisplayText.isBlank(cp)) || UCharacter.getType(cp) == UCharacterCategory.FORMAT) {
                return Flaw.INVISIBLE_CHARACTER;
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static boolean mixesScripts(String text) {
        return ONE_SCRIPT.failsChecks(text);
    }

    private static boolean labelMixesScripts(String unicodeDomain) {
        for (String label : unicodeDomain.split("\\.")) {
            if (mixesScripts(label)) {
                return true;
            }
        }
        return false;
    }
}
