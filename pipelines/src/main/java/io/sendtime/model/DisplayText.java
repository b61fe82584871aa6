package io.sendtime.model;

import java.util.Locale;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;

/**
 * The rule for text an email shows as it is (product, variant and line-item titles, first and last names):
 * what keeps a value from reaching a template. Everything else is shown as written: any script, diacritics,
 * emoji and their joiner, flag and keycap sequences, combining marks, bidi marks (LRM, RLM, ALM), and markup
 * (the render escapes it; it is text, not a flaw). The rule never repairs a value: one with a flaw is not
 * shown at all, so the token's fallback applies.
 */
public final class DisplayText {

    /** The longest product, variant, cart or order line-item title, in user-perceived characters. */
    public static final int TITLE_LIMIT = 200;

    /** The longest first or last name, in user-perceived characters. */
    public static final int NAME_LIMIT = 100;

    /**
     * The most combining marks in a row: the stream-safe limit of UAX #15. No script needs more; a longer
     * stack is one "character" of any height that overwrites the lines around it.
     */
    static final int MARKS_IN_A_ROW_LIMIT = 30;

    /** What keeps a value from being shown, in the order the rule checks. */
    public enum Flaw {
        /** half of a UTF-16 surrogate pair alone: not a character at all */
        UNPAIRED_SURROGATE,
        /** a C0 or C1 control (tab, CR, LF, NUL, U+0085...) or a line or paragraph separator (U+2028, U+2029) */
        CONTROL_CHARACTER,
        /** a bidi embedding, override or isolate (U+202A..U+202E, U+2066..U+2069): it reorders what follows */
        BIDI_CONTROL,
        /** nothing visible: only white space (no-break spaces included) and default-ignorable (zero-width) characters */
        BLANK,
        /** more than {@link #MARKS_IN_A_ROW_LIMIT} combining marks in a row */
        TOO_MANY_MARKS,
        /** longer than its limit in grapheme clusters (user-perceived characters, UAX #29) */
        TOO_LONG;

        /** The name counters use: {@code control_character}, {@code too_long}... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private DisplayText() {
    }

    /**
     * What keeps {@code text} from being shown, or null when it may be shown as it is (null text has no flaw).
     *
     * @param limit the most grapheme clusters it may have ({@link #TITLE_LIMIT}, {@link #NAME_LIMIT})
     */
    public static Flaw flaw(String text, int limit) {
        if (text == null) {
            return null;
        }
        boolean visible = false;
        int marksInARow = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isSurrogate(cp)) {
                return Flaw.UNPAIRED_SURROGATE;
            }
            if (isControl(cp)) {
                return Flaw.CONTROL_CHARACTER;
            }
            if (isBidiFormatting(cp)) {
                return Flaw.BIDI_CONTROL;
            }
            visible |= !isBlank(cp);
            marksInARow = isMark(cp) ? marksInARow + 1 : 0;
            if (marksInARow > MARKS_IN_A_ROW_LIMIT) {
                return Flaw.TOO_MANY_MARKS;
            }
            i += Character.charCount(cp);
        }
        if (!visible) {
            return Flaw.BLANK;
        }
        // a grapheme cluster has at least one UTF-16 unit: a value no longer than the limit in units is within it
        return text.length() > limit && graphemesBeyond(text, limit) ? Flaw.TOO_LONG : null;
    }

    /** A code point that is half of a surrogate pair: what codePointAt gives for an unpaired one. */
    static boolean isSurrogate(int cp) {
        return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    }

    /** A control for text that is shown on one line: category Cc, or a line or paragraph separator. */
    static boolean isControl(int cp) {
        return Character.getType(cp) == Character.CONTROL || cp == 0x2028 || cp == 0x2029;
    }

    /** A bidi embedding, override or isolate (not the marks LRM, RLM and ALM, which right-to-left text uses). */
    public static boolean isBidiFormatting(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /** White space (U+00A0 and the other no-break spaces included) or default-ignorable (zero-width) characters. */
    public static boolean isBlank(int cp) {
        return UCharacter.hasBinaryProperty(cp, UProperty.WHITE_SPACE)
                || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    private static boolean isMark(int cp) {
        int type = UCharacter.getType(cp);
        return type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.ENCLOSING_MARK
                || type == UCharacterCategory.COMBINING_SPACING_MARK;
    }

    /** Whether {@code text} has more than {@code limit} grapheme clusters; stops counting there. */
    private static boolean graphemesBeyond(String text, int limit) {
        BreakIterator clusters = BreakIterator.getCharacterInstance(ULocale.ROOT);
        clusters.setText(text);
        int count = 0;
        while (clusters.next() != BreakIterator.DONE) {
            if (++count > limit) {
                return true;
            }
        }
        return false;
    }
}
