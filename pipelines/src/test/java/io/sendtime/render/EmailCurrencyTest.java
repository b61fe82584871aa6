package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.load.LoadService;
import io.sendtime.model.ExchangeRates;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * One currency per email, on the sample data through the real sample APIs (prices per market currency from the
 * commerce API, other currencies converted with the sample rates): every money value in every token set of every
 * sample campaign is parsed back in the currency and locale the recipient's email must have.
 */
class EmailCurrencyTest {

    /** Money in the sample templates: product prices, cart lines and the cart total (templates/macros/common.vm). */
    private static final Pattern PRICE = Pattern.compile("<span class=\"price\">([^<]*)</span>");
    private static final Pattern CART_LINE = Pattern.compile("<td>[^<]*</td><td>× \\d+</td><td>([^<]*)</td>");
    private static final Pattern PRODUCT = Pattern.compile(
            "<span class=\"title\">([^<]*)</span> <span class=\"price\">([^<]*)</span>");

    @TempDir
    Path dir;

    @Test
    void everyMoneyValueInEverySampleSendIsInTheRecipientsCurrency() throws Exception {
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.render.stock-timeout", "5s",
                "sendtime.consent.refresh-timeout", "5s"))) {
            // Michael Smith (USD) left his cart in the shop's EUR market: his cart email is in euros
            lake.apis.store().inject(io.sendtime.samples.Entity.CHECKOUTS, java.time.Instant.parse("2026-09-10T22:20:12Z"),
                    "901414697", """
                    {"id":901414697,"token":"a7e03f170635a319baaee10dd991598e","customer":{"id":207136772},
                     "email":"michael.smith@example.com","created_at":"2026-09-10T15:16:25-04:00",
                     "updated_at":"2026-09-10T18:20:12-04:00","completed_at":null,"currency":"EUR","total_price":"206.38",
                     "line_items":[{"product_id":632910425,"variant_id":808950834,"title":"Day Pack 20L","quantity":1,"price":"67.07"},
                                   {"product_id":632910546,"variant_id":808950923,"title":"Pulse HR","quantity":1,"price":"139.31"}]}
                    """.replace("\n", ""));
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            RenderService render = lake.app.get(RenderService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            Map<String, Map<String, Long>> stated = statedPrices(warehouse);
            Map<String, Long> usd = catalogPrices(warehouse);
            ExchangeRates rates = new ExchangeRates("USD", List.of(
                    new ExchangeRates.Rate(LocalDate.parse("2025-07-01"), "PLN", new BigDecimal("3.66")),
                    new ExchangeRates.Rate(LocalDate.parse("2025-07-01"), "EUR", new BigDecimal("0.86"))));

            int values = 0;
            Set<String> currencies = new HashSet<>();
            int stated0 = 0;
            int converted0 = 0;
            for (String campaign : List.of("abandoned-cart", "recommendations-newsletter", "win-back")) {
                RenderSummary summary = render.run(new RenderService.RenderRequest(campaign, RenderJobTest.SEND_AT, "c1",
                        false));
                assertThat(summary.stockSource()).isEqualTo("api");
                assertThat(summary.money().unconvertibleRecipients()).as("every sample currency has a rate").isZero();
                boolean cartFirst = campaign.equals("abandoned-cart");
                for (Map<String, Object> row : RenderJobTest.rows(warehouse, """
                        SELECT t.customer_key, p.currency, p.cart_currency, p.language, p.country, to_json(t.tokens)::VARCHAR AS tokens
                        FROM token_sets t JOIN profiles p USING (customer_key)
                        WHERE t.campaign_id = '%s' AND t.send_id = 'c1'""".formatted(campaign))) {
                    String expected = cartFirst && row.get("cart_currency") != null ? (String) row.get("cart_currency")
                            : row.get("currency") != null ? (String) row.get("currency") : "USD";
                    Locale locale = RecipientLocale.of(row.get("language"), row.get("country"), Locale.US);
                    Map<?, ?> tokenMap = new com.fasterxml.jackson.databind.ObjectMapper().readValue((String) row.get("tokens"), Map.class);
                    String tokens = String.join("\n", tokenMap.values().stream().map(String::valueOf).toList());
                    for (String money : moneyIn(tokenMap)) {
                        assertThat(parse(money, expected, locale))
                                .as("%s: '%s' in %s's email (%s, %s)", campaign, money, row.get("customer_key"), expected, locale)
                                .isNotNull();
                        values++;
                        currencies.add(expected);
                    }
                    // a product's price is the one the shop states in that currency, else its USD price converted
                    Matcher product = PRODUCT.matcher(tokens);
                    while (product.find()) {
                        String title = unescape(product.group(1));
                        Long shown = parse(unescape(product.group(2)), expected, locale);
                        Long shop = stated.getOrDefault(title, Map.of()).get(expected);
                        if (shop != null) {
                            assertThat(shown).as("%s in %s: the shop's own price", title, expected).isEqualTo(shop);
                            stated0++;
                        } else if (expected.equals("PLN")) {
                            assertThat(shown).as("%s in PLN: converted from USD at the 2025-07-01 rate", title)
                                    .isEqualTo(rates.convert(usd.get(title), "USD", "PLN", LocalDate.parse("2026-11-22")).minor());
                            converted0++;
                        }
                    }
                }
                if (!cartFirst) {
                    assertThat(summary.money().ratesDate()).as("conversions at the newest rates before the send")
                            .isEqualTo(LocalDate.parse("2025-07-01"));
                    assertThat(summary.money().convertedRecipients()).isPositive();
                }
            }
            assertThat(values).as("money values checked").isGreaterThan(300);
            assertThat(currencies).as("emails in many currencies").hasSizeGreaterThanOrEqualTo(6);
            assertThat(stated0).as("prices the shop states per market").isPositive();
            assertThat(converted0).as("prices converted for a currency that is no market").isPositive();

            assertThat(RenderJobTest.rows(warehouse, """
                    SELECT p.currency, t.tokens['cart_total'] AS total FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.campaign_id = 'abandoned-cart' AND p.email = 'michael.smith@example.com'"""))
                    .containsExactly(Map.of("currency", "USD", "total", "€206.38"));

            // a EUR customer's recommendations are in euros
            List<Map<String, Object>> eur = RenderJobTest.rows(warehouse, """
                    SELECT t.tokens['recommended_products'] AS products FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.campaign_id = 'recommendations-newsletter' AND p.currency = 'EUR'
                      AND t.tokens['recommended_products'] LIKE '%class="price"%'""");
            assertThat(eur).isNotEmpty().allSatisfy(r -> assertThat((String) r.get("products")).contains("€").doesNotContain("$"));
        }
    }

    /** Every money value of a token set, as shown. */
    private static List<String> moneyIn(Map<?, ?> tokens) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : tokens.entrySet()) {
            String value = (String) e.getValue();
            if (e.getKey().equals("cart_total") && !value.isBlank()) {
                out.add(value);
            }
            for (Pattern p : List.of(PRICE, CART_LINE)) {
                Matcher m = p.matcher(value);
                while (m.find()) {
                    out.add(unescape(m.group(1)));
                }
            }
        }
        return out;
    }

    /** The minor units of {@code text} when it is money in {@code currency} as {@code locale} writes it, else null. */
    private static Long parse(String text, String currency, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        Currency c = Currency.getInstance(currency);
        format.setCurrency(c);
        ParsePosition at = new ParsePosition(0);
        Number n = format.parse(text, at);
        if (n == null || at.getIndex() != text.length()) {
            return null;
        }
        int digits = Math.max(0, c.getDefaultFractionDigits());
        long minor = new BigDecimal(n.toString()).movePointRight(digits).longValueExact();
        return new Formatter(locale).money(minor, currency).equals(text) ? minor : null;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** Per product title, its prices per currency as the shop states them (the sample's titles are unique). */
    private static Map<String, Map<String, Long>> statedPrices(Warehouse warehouse) throws Exception {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (Map<String, Object> r : RenderJobTest.rows(warehouse, """
                SELECT p.title, x.price.currency AS currency, x.price.price_minor AS price
                FROM products p JOIN (SELECT product_id, unnest(prices) AS price FROM product_prices) x USING (product_id)""")) {
            out.computeIfAbsent((String) r.get("title"), t -> new HashMap<>()).put((String) r.get("currency"),
                    ((Number) r.get("price")).longValue());
        }
        return out;
    }

    private static Map<String, Long> catalogPrices(Warehouse warehouse) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (Map<String, Object> r : RenderJobTest.rows(warehouse, "SELECT title, price_minor FROM products")) {
            out.put((String) r.get("title"), ((Number) r.get("price_minor")).longValue());
        }
        return out;
    }
}
