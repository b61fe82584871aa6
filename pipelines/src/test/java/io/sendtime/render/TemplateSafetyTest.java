package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Velocity configuration: customer values are inert text, templates cannot reach Java or evaluate data. */
class TemplateSafetyTest {

    @TempDir
    Path dir;

    static final String YAML = """
            channel: email
            tokens:
              - {name: plain, template: plain.vm, fallback: "there", max_length: 200000}
              - {name: html, template: html.vm, html: true, fallback: "", max_length: 400000}
              - {name: list, template: list.vm, html: true, fallback: "", max_length: 400000}
            """;

    CompiledCampaign campaign() {
        return new CampaignCatalog(TestCampaigns.write(dir, "safety", YAML, Map.of(
                "plain.vm", "$!first_name",
                "html.vm", "<b>$!first_name</b>",
                "list.vm", "#foreach($c in $top_categories)<i>$c</i>#end"))).compile("safety");
    }

    static Map<String, Object> recipient(Object firstName) {
        Map<String, Object> r = new HashMap<>();
        r.put("customer_key", "k1");
        r.put("first_name", firstName);
        r.put("top_categories", firstName == null ? List.of() : List.of(firstName));
        return r;
    }

    @Test
    void hostileCustomerValuesRenderAsInertEscapedText() {
        CompiledCampaign campaign = campaign();
        List<String> corpus = List.of("#set($x=1)", "$class.forName('java.lang.Runtime')", "${7*7}", "{{first_name}}",
                "<script>alert(1)</script>", "x".repeat(100_000), "a\u0000b\u0007c\u001bd\u007fe\tf\ng",
                "محمد Müller 佐藤 김 Ελλάδα 😀 \u202Eevil", "#evaluate('#set($y = 2)')", "$!{first_name}", "&amp; \"'");
        for (String value : corpus) {
            RenderedRecipient r = campaign.render(recipient(value));
            assertThat(r.rejected()).as(value).isFalse();
            // controls other than tab and line breaks, and bidi overrides, embeddings and isolates, are removed
            String text = value.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069]", "").strip();
            String html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
            assertThat(r.tokens().get("plain")).as("text token of " + value).isEqualTo(text);
            assertThat(r.tokens().get("html")).as("html token of " + value).isEqualTo("<b>" + html + "</b>");
            assertThat(r.tokens().get("list")).as("list of " + value).isEqualTo("<i>" + html + "</i>");
        }
        // a value that is live Velocity (as template source it renders 42) comes out as the text it is
        String live = "#set($n = 6 * 7)$n";
        CompiledCampaign asSource = new CampaignCatalog(TestCampaigns.write(dir.resolve("live"), "live", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", live))).compile("live");
        assertThat(asSource.render(recipient("x")).tokens().get("t")).as("the payload is live as source").isEqualTo("42");
        assertThat(campaign.render(recipient(live)).tokens().get("plain")).isEqualTo(live).doesNotContain("42");
    }

    @Test
    void whatATemplateSetsStaysInItsOwnMergeThoughTheContextIsReused() {
        CompiledCampaign campaign = new CampaignCatalog(TestCampaigns.write(dir.resolve("sets"), "sets", """
                channel: email
                tokens:
                  - {name: a, template: a.vm, fallback: "-"}
                  - {name: b, template: b.vm, fallback: "-"}
                  - {name: c, template: c.vm, fallback: "-"}
                  - {name: d, template: d.vm, fallback: "-"}
                """, Map.of("a.vm", "#set($first_name = 'Mallory')#set($extra = 'leaked')$first_name",
                        "b.vm", "$first_name#if($extra)$extra#end",
                        "c.vm", "#foreach($c in $top_categories)$c#end#if($c)$c#end#if($foreach)loop#end",
                        "d.vm", "$fmt.label('x')|$variant|$locale")))
                .compile("sets");
        for (int i = 0; i < 3; i++) {
            for (String name : List.of("Ann", "Bob")) {
                RenderedRecipient r = campaign.render(recipient(name));
                assertThat(r.rejection()).isNull();
                assertThat(r.tokens().get("a")).isEqualTo("Mallory");
                assertThat(r.tokens().get("b")).as("a token sees the recipient's values, not what another set")
                        .isEqualTo(name);
                assertThat(r.tokens().get("c")).as("a loop's variables end with the loop").isEqualTo(name);
                assertThat(r.tokens().get("d")).isEqualTo("X|default|en-US");
            }
        }
        Map<String, Object> values = recipient("Eve");
        Map<String, Object> before = new HashMap<>(values);
        campaign.render(values);
        assertThat(values).as("the recipient's values are only read").isEqualTo(before);
    }

    @Test
    void missingDataTakesTheFallbackAndRulesRejectTheRecipient() {
        CompiledCampaign campaign = campaign();
        for (Object missing : new Object[] {null, "", "   \t"}) {
            RenderedRecipient r = campaign.render(recipient(missing));
            assertThat(r.tokens().get("plain")).as("fallback for [" + missing + "]").isEqualTo("there");
            assertThat(r.fallbacks()).contains("plain");
        }
        CompiledCampaign strict = new CampaignCatalog(TestCampaigns.write(dir.resolve("t2"), "rules", """
                channel: email
                tokens:
                  - {name: must, template: must.vm, required: true, max_length: 6}
                  - {name: short, template: short.vm, fallback: "-", max_length: 5}
                  - {name: typo, template: typo.vm, fallback: "-"}
                """, Map.of("must.vm", "$!first_name", "short.vm", "$!last_name", "typo.vm", "#if($first_name == 'typo')$frist_name#end")))
                .compile("rules");
        Map<String, Object> r = recipient(null);
        r.put("last_name", "ok");
        assertThat(strict.render(r).rejection()).isEqualTo("required_token_empty:must");
        r.put("first_name", "Ann");
        r.put("last_name", "much too long");
        RenderedRecipient longOptional = strict.render(r);
        assertThat(longOptional.rejected()).as("an optional token too long takes its fallback").isFalse();
        assertThat(longOptional.tokens().get("short")).isEqualTo("-");
        assertThat(longOptional.fallbacks()).contains("short");
        r.put("first_name", "Annabelle");
        assertThat(strict.render(r).rejection()).as("only a required token rejects").isEqualTo("too_long:must");
        // length is what people see: six emoji (twelve UTF-16 units) and a family of four (one grapheme) fit in six
        r.put("first_name", "😀😀😀😀😀\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66");
        assertThat(strict.render(r).rejected()).isFalse();
        r.put("first_name", "   ");
        assertThat(strict.render(r).rejection()).as("blank is empty").isEqualTo("required_token_empty:must");
        r.put("first_name", "\u00A0\u200B\u2060\uFEFF");
        assertThat(strict.render(r).rejection()).as("no-break and zero-width spaces are blank too")
                .isEqualTo("required_token_empty:must");
        r.put("first_name", "typo");
        r.put("last_name", "ok");
        assertThat(strict.render(r).rejection()).isEqualTo("unresolved_reference:typo");
    }

    @Test
    void templatesCannotReachJavaOrEvaluate() {
        CompiledCampaign reach = new CampaignCatalog(TestCampaigns.write(dir, "reach", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", "$fmt.getClass().forName('java.lang.Runtime').getRuntime()"))).compile("reach");
        assertThat(reach.render(recipient("x")).rejection()).isEqualTo("template_error:t");

        assertThatThrownBy(() -> new CampaignCatalog(TestCampaigns.write(dir, "evaluate", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", "Hello\n#evaluate($first_name)"))).compile("evaluate"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("campaigns/evaluate/t.vm:2: #evaluate is not allowed in sendtime templates");
        assertThatThrownBy(() -> new CampaignCatalog(TestCampaigns.write(dir, "syntax", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", "line one\n#if($first_name\nthree"))).compile("syntax"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("campaigns/syntax/t.vm:");
        assertThatThrownBy(() -> new CampaignCatalog(TestCampaigns.write(dir, "macro", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", "one\ntwo #nosuchmacro($first_name)"))).compile("macro"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("campaigns/macro/t.vm:2: undefined macro #nosuchmacro");
    }

    @Test
    void theValidatorNamesFileAndLineAndTheShippedCampaignsAreClean() {
        TestCampaigns.write(dir, "unknown", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", "Hi $!first_name\n$!favourite_colour"));
        TestCampaigns.write(dir, "nofallback", """
                channel: email
                tokens:
                  - {name: t, template: t.vm}
                """, Map.of("t.vm", "x"));
        List<String> problems = new CampaignValidator(new CampaignCatalog(dir)).validate(List.of(recipient("Ann")));
        assertThat(problems).contains("campaigns/unknown/t.vm:2: unknown reference $favourite_colour (recipients have: templates/README.md)")
                .anyMatch(p -> p.endsWith("nofallback/campaign.yaml: tokens.t: an optional token needs a fallback (or required: true)"));

        Path shipped = Path.of("..", "templates");
        assertThat(new CampaignValidator(new CampaignCatalog(shipped)).validate(SampleRecipients.read(shipped))).isEmpty();
        assertThat(new CampaignCatalog(shipped).ids()).contains("abandoned-cart", "recommendations-newsletter", "win-back");
    }

    @Test
    void variantsAreDeterministicAndFollowTheSplit() {
        CompiledCampaign ab = new CampaignCatalog(TestCampaigns.write(dir, "ab", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                variants:
                  - {name: a, percent: 30}
                  - {name: b, percent: 70}
                """, Map.of("t.vm", "$variant"))).compile("ab");
        int a = 0;
        for (int i = 0; i < 100_000; i++) {
            RenderedRecipient r = ab.render(Map.of("customer_key", "customer-" + i));
            assertThat(r.tokens().get("t")).isEqualTo(r.variant());
            a += "a".equals(r.variant()) ? 1 : 0;
        }
        assertThat(a).isBetween(28_000, 32_000);
        assertThat(ab.render(Map.of("customer_key", "customer-7")).variant())
                .isEqualTo(ab.render(Map.of("customer_key", "customer-7")).variant());
    }
}
