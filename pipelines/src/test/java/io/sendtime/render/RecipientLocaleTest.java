package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Money, numbers and dates in each recipient's locale, in one send; the campaign's when the profile says nothing. */
class RecipientLocaleTest {

    @TempDir
    Path dir;

    @Test
    void eachRecipientGetsTheirOwnFormats() {
        CompiledCampaign campaign = new CampaignCatalog(TestCampaigns.write(dir, "locales", """
                channel: email
                locale: fr-FR
                tokens:
                  - {name: money, template: money.vm, fallback: "-"}
                  - {name: day, template: day.vm, fallback: "-"}
                  - {name: locale, template: locale.vm, fallback: "-"}
                """, Map.of("money.vm", "$fmt.money(123456, 'EUR')", "day.vm", "$fmt.date($last_order_at)",
                "locale.vm", "$locale"))).compile("locales");

        Map<String, String> german = campaign.render(recipient("de", "DE")).tokens();
        Map<String, String> american = campaign.render(recipient("en", "US")).tokens();
        Map<String, String> austrian = campaign.render(recipient(null, "AT")).tokens();
        Map<String, String> unknown = campaign.render(recipient(null, null)).tokens();

        assertThat(german).containsEntry("locale", "de-DE").containsEntry("day", "17.01.2024");
        assertThat(german.get("money")).isEqualTo("1.234,56\u00a0€");
        assertThat(american).containsEntry("locale", "en-US").containsEntry("day", "Jan 17, 2024")
                .containsEntry("money", "€1,234.56");
        assertThat(austrian.get("locale")).as("the country's own locale: no French one in Austria").isEqualTo("de-AT");
        assertThat(unknown).as("the campaign's locale").containsEntry("locale", "fr-FR")
                .containsEntry("day", "17 janv. 2024");
        assertThat(unknown.get("money")).isEqualTo("1\u202f234,56\u00a0€");
    }

    @Test
    void aLanguageWithItsOwnRegionAndACountryInTheCampaignsLanguage() {
        assertThat(RecipientLocale.of("pt-BR", "PT", java.util.Locale.US).toLanguageTag()).isEqualTo("pt-BR");
        assertThat(RecipientLocale.of(null, "CA", java.util.Locale.forLanguageTag("fr-FR")).toLanguageTag())
                .isEqualTo("fr-CA");
        assertThat(RecipientLocale.of(" ", "xx", java.util.Locale.US)).isEqualTo(java.util.Locale.US);
        assertThat(RecipientLocale.of("German!", "DE", java.util.Locale.US).getCountry()).isEqualTo("DE");
    }

    private static Map<String, Object> recipient(String language, String country) {
        Map<String, Object> r = new HashMap<>();
        r.put("customer_key", "k-" + language + "-" + country);
        r.put("language", language);
        r.put("country", country);
        r.put("last_order_at", Instant.parse("2024-01-17T00:13:15Z"));
        return r;
    }

    @Test
    void theSameAnswerTwiceAndNoMoreRememberedThanTheLimit() {
        java.util.Locale first = RecipientLocale.of("de", "AT", java.util.Locale.US);
        assertThat(RecipientLocale.of("de", "AT", java.util.Locale.US)).isSameAs(first);
        assertThat(RecipientLocale.of("de", "AT", java.util.Locale.FRANCE)).as("the campaign's locale is in the key")
                .isEqualTo(first);
        assertThat(RecipientLocale.of(null, "CA", java.util.Locale.US).toLanguageTag()).isEqualTo("en-CA");
        assertThat(RecipientLocale.of(null, "CA", java.util.Locale.FRANCE).toLanguageTag()).isEqualTo("fr-CA");
        for (int i = 0; i < RecipientLocale.CACHE_LIMIT + 500; i++) {
            assertThat(RecipientLocale.of("x" + i, "DE", java.util.Locale.US).getCountry()).isEqualTo("DE");
        }
        assertThat(RecipientLocale.cached()).as("a CRM's every odd value is not kept").isLessThanOrEqualTo(RecipientLocale.CACHE_LIMIT);
        assertThat(RecipientLocale.of("pt-BR", "PT", java.util.Locale.US).toLanguageTag())
                .as("past the limit, still worked out").isEqualTo("pt-BR");
    }
}
