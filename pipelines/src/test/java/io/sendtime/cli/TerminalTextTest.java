package io.sendtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a terminal is not sent: each character issue 14 lists becomes a visible escape; other text stays. */
class TerminalTextTest {

    @Test
    void controlFormatAndSeparatorCharactersBecomeEscapes() {
        List<Integer> listed = new ArrayList<>();
        range(listed, 0x00, 0x1F); // C0, tab, newline and carriage return included
        range(listed, 0x7F, 0x9F); // DEL and C1
        range(listed, 0x202A, 0x202E); // bidi embeddings and overrides
        range(listed, 0x2066, 0x2069); // bidi isolates
        range(listed, 0x200B, 0x200F); // zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
        range(listed, 0x2028, 0x2029); // line and paragraph separator
        listed.addAll(List.of(0x2060, 0xFEFF, 0x061C)); // word joiner, byte order mark, Arabic letter mark

        for (int c : listed) {
            assertThat(TerminalText.visible("a" + (char) c + "b")).as("U+%04X", c)
                    .isEqualTo("a\\u%04xb".formatted(c));
        }
        assertThat(TerminalText.visible("\u001b]0;pwned\u0007\u001b[2J"))
                .isEqualTo("\\u001b]0;pwned\\u0007\\u001b[2J");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsEscapedAsItsSurrogatePairAndAHalfPairAsItself() {
        String languageTag = new String(Character.toChars(0xE0001));

        assertThat(TerminalText.visible("x" + languageTag)).isEqualTo("x\\udb40\\udc01");
        assertThat(TerminalText.visible("x\uD800y")).isEqualTo("x\\ud800y");
    }

    @Test
    void otherTextIsShownAsItIs() {
        String text = "Müller 佐藤 محمد Ελλάδα 😀 ❤️ C:\\new\\u001b 'quoted' \"double\" =1+1";

        assertThat(TerminalText.visible(text)).isSameAs(text);
    }

    @Test
    void printfPadsWhatIsShownAndLeavesNumbersToTheirFormat() {
        StringWriter out = new StringWriter();

        TerminalText.printf(new PrintWriter(out, true), "%-10s|%,d|%s|%b", "a\u202Eb", 1234567L, null, true);

        assertThat(out.toString()).isEqualTo("a\\u202eb  |1,234,567|null|true");
    }

    private static void range(List<Integer> into, int first, int last) {
        for (int c = first; c <= last; c++) {
            into.add(c);
        }
    }
}
