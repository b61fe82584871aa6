package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each token context's insertion rule and shape, on hostile values. */
class TokenContextTest {

    @Test
    void aSubjectIsOneLineWhateverTheValueHolds() {
        for (String value : new String[] {"Bob\r\nBcc: x@evil.test", "Bob\nBcc: x@evil.test", "Bob\u0085Bcc: x",
                "Bob\u2028Bcc: x", "Bob\u2029Bcc: x", "Bob\tBcc:\u000B x", "Bob\rBcc: x"}) {
            String inserted = TokenContext.SUBJECT.insert(value);
            assertThat(inserted).as(value).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029", "\t").startsWith("Bob");
            assertThat(TokenContext.SUBJECT.finish("Hi " + value + "\n, welcome")).doesNotContain("\r", "\n", "\u2028")
                    .doesNotContain("  ");
        }
        assertThat(TokenContext.HEADER.insert("a \r\n\r\n  b")).isEqualTo("a b");
    }

    @Test
    void htmlEscapesAndNoContextKeepsControlsOrBidiOverrides() {
        assertThat(TokenContext.HTML.insert("<script>alert('x')</script>&"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
        assertThat(TokenContext.HTML.insert("\" onmouseover=\"x")).doesNotContain("\"");
        for (TokenContext c : TokenContext.values()) {
            String out = c.insert("a\u0000b\u001bc\u007fd\u009be\u202Ef\u2066g\u2069h\uD800i");
            assertThat(out).as(c.label()).doesNotContain("\u0000", "\u001b", "\u007f", "\u009b", "\u202E", "\u2066",
                    "\u2069", "\uD800");
            assertThat(c.finish("x\u2028y")).as(c.label()).doesNotContain("\u2028");
        }
        // emoji, combining marks and right-to-left marks are text
        assertThat(TokenContext.TEXT.insert("😀 e\u0301 \u200Fمحمد")).isEqualTo("😀 e\u0301 \u200Fمحمد");
        assertThat(TokenContext.TEXT.insert("a\u2028b")).isEqualTo("a\nb");
    }

    @Test
    void aLinkIsAnHttpOrMailtoUrlAndValuesInsideItAreComponents() {
        assertThat(TokenContext.URL.insert("https://shop.example/p?id=1&x=2")).isEqualTo("https://shop.example/p?id=1&x=2");
        assertThat(TokenContext.URL.insert("mailto:help@shop.example")).isEqualTo("mailto:help@shop.example");
        assertThat(TokenContext.URL.insert("javascript:alert(1)")).isEqualTo("javascript%3Aalert%281%29");
        assertThat(TokenContext.URL.insert("a b&c=\"d\"/é")).isEqualTo("a%20b%26c%3D%22d%22%2F%C3%A9");
        assertThat(TokenContext.URL.insert("https://x.example/\" onclick=\"y")).doesNotContain("\"", " ");
        assertThat(TokenContext.URL.finish("https://shop.example/cart?c=" + TokenContext.URL.insert("x&y")))
                .isEqualTo("https://shop.example/cart?c=x%26y");
        assertThat(TokenContext.URL.finish("javascript%3Aalert%281%29")).as("not a link: empty, the fallback applies").isEmpty();
        assertThat(TokenContext.URL.finish("data:text/html,<b>")).isEmpty();
        assertThat(TokenContext.URL.finish("HTTPS://shop.example/")).isEqualTo("HTTPS://shop.example/");
    }

    @Test
    void oneLineAndBlankGiveWhatTheirRulesSayOnAnyText() {
        // given random text of letters, every kind of space and line break, controls and invisible characters
        String alphabet = "ab \t\n\r\u000B\f\u0085\u00A0\u1680\u2007\u2028\u2029\u202F\u3000\u200B\uFEFF\u001F\u00e9";
        java.util.regex.Pattern spaces = java.util.regex.Pattern.compile("[\\s\\p{Zs}]+");
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = text.toString();
            // then a subject is every run of spaces made one space, the ends stripped, as the rule's pattern gives
            assertThat(TokenContext.SUBJECT.finish(value)).as("subject of %s", escaped(value))
                    .isEqualTo(spaces.matcher(TokenContext.clean(value)).replaceAll(" ").strip());
            // and blank is: every code point a blank or a control
            assertThat(TokenContext.isBlank(value)).as("blank: %s", escaped(value)).isEqualTo(value.codePoints()
                    .allMatch(cp -> io.sendtime.model.DisplayText.isBlank(cp) || Character.isISOControl(cp)));
        }
    }

    private static String escaped(String value) {
        StringBuilder out = new StringBuilder();
        value.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }

    @Test
    void blankAndLengthAreWhatPeopleSee() {
        assertThat(TokenContext.isBlank("\u00A0\u200B\u2060\uFEFF \t\u202F")).isTrue();
        assertThat(TokenContext.isBlank("\u00A0x")).isFalse();
        assertThat(TokenContext.visibleLength("😀".repeat(31))).isEqualTo(31);
        assertThat(TokenContext.visibleLength("e\u0301")).isEqualTo(1);
        assertThat(TokenContext.visibleLength("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67")).isEqualTo(1);
        assertThat(TokenContext.visibleLength("🇩🇪")).isEqualTo(1);
    }

    @Test
    void eachContextSaysHowEmailServicesMergeIt() {
        assertThat(TokenContext.HTML.sendgrid("products")).isEqualTo("{{{products}}}");
        assertThat(TokenContext.TEXT.sendgrid("first_name")).isEqualTo("{{first_name}}");
        assertThat(TokenContext.SUBJECT.sendgrid("subject")).isEqualTo("{{{subject}}}");
        assertThat(TokenContext.TEXT.liquid("first_name")).isEqualTo("{{first_name | escape}}");
        assertThat(TokenContext.HTML.liquid("products")).isEqualTo("{{products}}");
        assertThat(TokenContext.inherit("subject", false, TokenContext.TEXT)).isEqualTo(TokenContext.SUBJECT);
        assertThat(TokenContext.inherit("cart_url", false, TokenContext.TEXT)).isEqualTo(TokenContext.URL);
        assertThat(TokenContext.inherit("cart_items", true, TokenContext.TEXT)).isEqualTo(TokenContext.HTML);
        assertThat(TokenContext.inherit("first_name", false, TokenContext.PLAIN)).isEqualTo(TokenContext.PLAIN);
    }
}
