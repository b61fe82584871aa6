package io.sendtime.transform;

import static io.sendtime.model.DisplayText.NAME_LIMIT;
import static io.sendtime.model.DisplayText.TITLE_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sendtime.model.DisplayText;
import io.sendtime.model.DisplayText.Flaw;

/** The display-text rule (model.DisplayText): what keeps a title or a name out of a template, and what does not. */
class DisplayTextTest {

    @Test
    void realTitlesAndNamesAreShownAsWritten() {
        List<String> shown = List.of(
                "Trail Runner", "Sand / 40", "Renée O'Brien-Łukasiewicz", "Zoe\u0308", "Олена Шевченко", "Ελένη",
                "山田太郎", "김민준", "محمد الحسن", "محمد\u200F", "שלום\u200E Tee",
                "👨‍👩‍👧‍👦 Family pack", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland scarf", "🇵🇱 Flag tee", "1\uFE0F\u20E3 bestseller", "👍🏽",
                "e" + "\u0301".repeat(30), "Bob\u00A0Smith", "Café\u200B", "\"".repeat(TITLE_LIMIT),
                "👨‍👩‍👧‍👦".repeat(TITLE_LIMIT));
        for (String text : shown) {
            assertThat(DisplayText.flaw(text, TITLE_LIMIT)).as(printable(text)).isNull();
        }
        assertThat(DisplayText.flaw(null, NAME_LIMIT)).isNull();
    }

    @Test
    void markupAndFormulasAreTextNotFlaws() {
        // the render escapes what it inserts; the transform does not guess at intent from punctuation
        List<String> shown = List.of(
                "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
                "javascript:alert(document.cookie)", "=HYPERLINK(\"http://evil.test\",\"click\")", "+SUM(1,2)",
                "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "#set($x=1)${7*7}{{first_name}}",
                "$class.forName('java.lang.Runtime')");
        for (String text : shown) {
            assertThat(DisplayText.flaw(text, TITLE_LIMIT)).as(text).isNull();
        }
    }

    @Test
    void hostileValuesHaveTheirFlaw() {
        Map<String, Flaw> flawed = new LinkedHashMap<>();
        flawed.put("Bob\r\nBcc: x@evil.test", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\nSmith", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\rSmith", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\u2028Smith", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\u2029", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\u0085Smith", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\u0000", Flaw.CONTROL_CHARACTER);
        flawed.put("Bob\tSmith", Flaw.CONTROL_CHARACTER);
        flawed.put("\u001B[31mRed tee", Flaw.CONTROL_CHARACTER);
        flawed.put("محمد \u0007 Tee ✓", Flaw.CONTROL_CHARACTER);
        flawed.put("Tee\u007F", Flaw.CONTROL_CHARACTER);
        flawed.put("x".repeat(99_999) + "\n", Flaw.CONTROL_CHARACTER);
        flawed.put("\u202Egnp.exe", Flaw.BIDI_CONTROL);
        flawed.put("abc\u202Adef\u202C", Flaw.BIDI_CONTROL);
        flawed.put("abc\u2066def\u2069", Flaw.BIDI_CONTROL);
        flawed.put("\u2067evil", Flaw.BIDI_CONTROL);
        flawed.put("", Flaw.BLANK);
        flawed.put("   ", Flaw.BLANK);
        flawed.put("\u200B\u200B", Flaw.BLANK);
        flawed.put("\u00A0\u00A0", Flaw.BLANK);
        flawed.put("\uFEFF", Flaw.BLANK);
        flawed.put("\u200D\u2060\u3164", Flaw.BLANK);
        flawed.put("\u202F\u2007\u3000", Flaw.BLANK);
        flawed.put("x\uD800y", Flaw.UNPAIRED_SURROGATE);
        flawed.put("\uDC00", Flaw.UNPAIRED_SURROGATE);
        flawed.put("Z" + "\u0336\u0301\u0317".repeat(11), Flaw.TOO_MANY_MARKS);
        flawed.put("\"".repeat(1_400), Flaw.TOO_LONG);
        flawed.put("\"".repeat(TITLE_LIMIT + 1), Flaw.TOO_LONG);
        flawed.put("a".repeat(100_000), Flaw.TOO_LONG);
        flawed.put("👍".repeat(TITLE_LIMIT + 1), Flaw.TOO_LONG);

        assertThat(flawed).hasSizeGreaterThanOrEqualTo(25);
        flawed.forEach((text, flaw) -> assertThat(DisplayText.flaw(text, TITLE_LIMIT)).as(printable(text)).isEqualTo(flaw));
    }

    @Test
    void limitsCountUserPerceivedCharacters() {
        String decomposed = "e\u0301"; // one character on screen, two code points
        assertThat(DisplayText.flaw(decomposed.repeat(NAME_LIMIT), NAME_LIMIT)).isNull();
        assertThat(DisplayText.flaw(decomposed.repeat(NAME_LIMIT + 1), NAME_LIMIT)).isEqualTo(Flaw.TOO_LONG);
        assertThat(DisplayText.flaw("🇵🇱".repeat(NAME_LIMIT), NAME_LIMIT)).as("a flag is one character").isNull();
        assertThat(NAME_LIMIT).isLessThan(TITLE_LIMIT);
        assertThat(Flaw.CONTROL_CHARACTER.label()).isEqualTo("control_character");
    }

    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "...(" + value.length() + ")" : value;
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : Character.toString(c)));
        return out.toString();
    }
}
