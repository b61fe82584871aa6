package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** {@code $fmt.money}: each amount formatted once per currency and remembered, always as the locale writes it. */
class FormatterTest {

    @Test
    void rememberedAmountsAreWhatTheLocaleWrites() {
        Formatter us = new Formatter(Locale.US);
        Formatter de = new Formatter(Locale.GERMANY);
        for (int round = 0; round < 2; round++) {
            assertThat(us.money(12990, "EUR")).isEqualTo("€129.90");
            assertThat(de.money(12990, "EUR")).isEqualTo("129,90\u00a0€");
            assertThat(us.money(12990L, "USD")).isEqualTo("$129.90");
            assertThat(us.money(12990, "JPY")).isEqualTo("¥12,990");
            assertThat(us.money(12990, "XYZ")).as("not a currency").isEmpty();
            assertThat(us.money(null, "EUR")).isEmpty();
        }
        // past what it remembers (every amount once), each is still formatted right, on many threads
        IntStream.range(0, 50_000).parallel().forEach(minor -> {
            String expected = expected(Locale.US, minor, "GBP");
            assertThat(us.money(minor, "GBP")).isEqualTo(expected);
            assertThat(us.money(minor, "GBP")).isEqualTo(expected);
        });
    }

    private static String expected(Locale locale, long minor, String currency) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        Currency c = Currency.getInstance(currency);
        f.setCurrency(c);
        return f.format(BigDecimal.valueOf(minor, c.getDefaultFractionDigits()));
    }
}
