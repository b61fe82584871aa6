package io.sendtime.cli;

import java.io.PrintWriter;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;

/**
 * Warehouse values as a terminal may show them. Customer data can hold characters a terminal acts on (ESC
 * sequences move the cursor, retitle the window, rewrite what was printed before) or that hide, reorder or break
 * the text around them. Each such character is printed as a Java-style escape instead: ESC as
 * <code>&#92;u001b</code>, a right-to-left override as <code>&#92;u202e</code>.
 *
 * <p>Escaped, by Unicode general category (ICU's character data, so it follows new Unicode versions): the
 * controls (Cc: every C0 control, tab, newline and carriage return included, DEL and the C1 controls), the format
 * characters (Cf: the bidi embeddings, overrides, isolates and marks, the zero-width space and joiners, the word
 * joiner, the byte order mark, the soft hyphen, ...), the line and paragraph separators U+2028 and U+2029 (Zl,
 * Zp), and half a surrogate pair without its other half. Every other character, a backslash included, is shown
 * as it is.
 */
final class TerminalText {

    private TerminalText() {
    }

    /** The text with every character a terminal must not receive written as an escape. */
    static String visible(String text) {
        if (text.codePoints().noneMatch(TerminalText::escaped)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!escaped(c)) {
                shown.appendCodePoint(c);
                return;
            }
            for (char unit : Character.toChars(c)) {
                shown.append(String.format("\\u%04x", (int) unit));
            }
        });
        return shown.toString();
    }

    /**
     * {@link PrintWriter#printf} for values read from the warehouse: every argument other than a number, a
     * boolean or null is printed as its {@link #visible} text, so padding counts what is shown.
     */
    static void printf(PrintWriter out, String format, Object... args) {
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            shown[i] = arg == null || arg instanceof Number || arg instanceof Boolean ? arg : visible(arg.toString());
        }
        out.printf(format, shown);
    }

    private static boolean escaped(int codePoint) {
        return switch (UCharacter.getType(codePoint)) {
            case UCharacterCategory.CONTROL, UCharacterCategory.FORMAT, UCharacterCategory.LINE_SEPARATOR,
                    UCharacterCategory.PARAGRAPH_SEPARATOR, UCharacterCategory.SURROGATE -> true;
            default -> false;
        };
    }
}
