package io.sendtime.render;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import com.ibm.icu.text.BreakIterator;

import io.sendtime.model.DisplayText;

/**
 * Where a token goes in the email, and so what a customer value inserted into it becomes (its insertion rule),
 * what the whole rendered token must look like, and how each email service should merge it without escaping it
 * twice or not at all. In every context a value loses what is never text: C0 and C1 control characters other
 * than tab and line breaks, lone surrogates, and bidi embedding, override and isolate controls (which could
 * reorder what the reader sees; the directional marks LRM, RLM and ALM, which money in right-to-left locales
 * carries, stay); Unicode line and paragraph separators (U+0085, U+2028, U+2029) become line
 * breaks, so no export line splits where a reader splits on Unicode line breaks.
 * <ul>
 *   <li>{@code html}: a piece of HTML; values are HTML-escaped. SendGrid {@code {{{x}}}}, Liquid {@code {{x}}}.</li>
 *   <li>{@code text}: text an email service puts into an HTML body, escaping it. SendGrid {@code {{x}}}, Liquid
 *       {@code {{x | escape}}}.</li>
 *   <li>{@code plain}: text for a text/plain part (nobody escapes). SendGrid {@code {{{x}}}}, Liquid {@code {{x}}}.</li>
 *   <li>{@code subject}, {@code header}: one header line: every line break, tab and run of spaces becomes one
 *       space (no header injection). SendGrid {@code {{{x}}}}, Liquid {@code {{x}}}.</li>
 *   <li>{@code url}: a link target: a value that is a whole http, https or mailto URL goes in as it is, any
 *       other value is percent-encoded as a URL component; a token that is not an http, https or mailto URL in
 *       the end renders empty (its fallback applies). SendGrid {@code {{x}}}, Liquid {@code {{x | escape}}}
 *       (escaped for the attribute it goes into).</li>
 * </ul>
 */
public enum TokenContext {
    HTML, TEXT, PLAIN, SUBJECT, HEADER, URL;

    private static final Pattern WHOLE_URL = Pattern.compile("(?i)(https?://|mailto:)[^\\s\"'<>\\\\]+");

    /** The context named in campaign.yaml ({@code context:}); a problem names the valid ones. */
    public static TokenContext parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context must be one of html, text, plain, subject, header, url, not " + name);
        }
    }

    /**
     * The context of a token that names none: {@code html: true} is {@code html}; a token named {@code subject} is
     * a subject, one named {@code ..._url} a link; the rest get the campaign's default.
     */
    public static TokenContext inherit(String tokenName, boolean html, TokenContext campaignDefault) {
        if (html) {
            return HTML;
        }
        if (tokenName.equals("subject")) {
            return SUBJECT;
        }
        if (tokenName.equals("url") || tokenName.endsWith("_url")) {
            return URL;
        }
        return campaignDefault;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A customer value as this context inserts it. */
    String insert(String value) {
        String clean = clean(value);
        return switch (this) {
            case HTML -> escapeHtml(clean);
            case TEXT, PLAIN -> clean;
            case SUBJECT, HEADER -> oneLine(clean);
            case URL -> WHOLE_URL.matcher(clean).matches() ? clean : percentEncode(clean);
        };
    }

    /**
     * The whole rendered token (template text and inserted values) as it leaves the renderer; empty when it
     * breaks the context's shape (a link that is no http, https or mailto URL).
     */
    String finish(String token) {
        String clean = clean(token);
        return switch (this) {
            case HTML, TEXT, PLAIN -> clean.strip();
            case SUBJECT, HEADER -> oneLine(clean);
            case URL -> {
                String url = clean.strip();
                yield WHOLE_URL.matcher(url).matches() ? url : "";
            }
        };
    }

    /** How SendGrid's dynamic templates (Handlebars) should merge the token named {@code name}. */
    public String sendgrid(String name) {
        return this == TEXT || this == URL ? "{{" + name + "}}" : "{{{" + name + "}}}";
    }

    /** How a Liquid email service (Braze, Iterable) should merge it: Liquid does not escape on its own. */
    public String liquid(String name) {
        return this == TEXT || this == URL ? "{{" + name + " | escape}}" : "{{" + name + "}}";
    }

    /** Whether a value shows nothing: only whitespace, no-break spaces and invisible format characters. */
    public static boolean isBlank(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!DisplayText.isBlank(cp) && !Character.isISOControl(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** The length people see: user-perceived characters (grapheme clusters), not UTF-16 units. */
    public static int visibleLength(String value) {
        if (value.length() <= 1) {
            return value.length();
        }
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(value);
        int n = 0;
        while (graphemes.next() != BreakIterator.DONE) {
            n++;
        }
        return n;
    }

    /** What no context keeps (see the class comment). */
    static String clean(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = null;
            boolean drop = false;
            if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
                replacement = "\n";
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f) || DisplayText.isBidiFormatting(c)) {
                drop = true;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                drop = true;
            } else if (Character.isLowSurrogate(c)) {
                drop = true;
            }
            if ((drop || replacement != null) && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null && !drop) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * Every run of whitespace and space separators ({@code [\s\p{Zs}]+}) made one space, the ends stripped; the value
     * itself when that changes nothing (no run but single ' ', nothing to strip). One pass, no pattern.
     */
    private static String oneLine(String value) {
        int n = value.length();
        boolean changes = n > 0 && (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(n - 1)));
        for (int i = 0; i < n && !changes; i++) {
            char c = value.charAt(i);
            changes = isSpace(c) && (c != ' ' || (i > 0 && isSpace(value.charAt(i - 1))));
        }
        if (!changes) {
            return value;
        }
        StringBuilder out = new StringBuilder(n);
        boolean inSpace = false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (!isSpace(c)) {
                out.append(c);
                inSpace = false;
            } else if (!inSpace) {
                out.append(' ');
                inSpace = true;
            }
        }
        return out.toString().strip();
    }

    /** {@code [\s\p{Zs}]}: ASCII whitespace or a Unicode space separator. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
                || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    private static String escapeHtml(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? value : out.toString();
    }

    /** RFC 3986 component encoding: everything but unreserved characters, as UTF-8 %XX. */
    private static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
