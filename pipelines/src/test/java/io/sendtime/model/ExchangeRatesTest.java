package io.sendtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ExchangeRatesTest {

    private static ExchangeRates rates(String csv) throws Exception {
        return ExchangeRates.parse(new StringReader(csv), "rates.csv", "USD");
    }

    private static final String SAMPLE = """
            # one dollar buys
            date,currency,rate
            2024-01-01,EUR,0.92
            2024-01-01,JPY,150
            2025-07-01,EUR,0.86
            """;

    @Test
    void aConversionUsesEachCurrencysLatestRateOnOrBeforeTheDay() throws Exception {
        ExchangeRates r = rates(SAMPLE);
        // 100.00 USD on 2025-06-30: the 2024 rate; from 2025-07-01 on: the new one
        assertThat(r.convert(10000, "USD", "EUR", LocalDate.parse("2025-06-30")))
                .isEqualTo(new ExchangeRates.Converted(9200, LocalDate.parse("2024-01-01")));
        assertThat(r.convert(10000, "USD", "EUR", LocalDate.parse("2025-07-01")))
                .isEqualTo(new ExchangeRates.Converted(8600, LocalDate.parse("2025-07-01")));
        // across two non-base currencies, with their minor units (JPY has none): 86.00 EUR = 100 USD = 15000 JPY
        assertThat(r.convert(8600, "EUR", "JPY", LocalDate.parse("2026-01-01")).minor()).isEqualTo(15000);
        assertThat(r.convert(15000, "JPY", "EUR", LocalDate.parse("2026-01-01")).minor()).isEqualTo(8600);
        // before any rate, or a currency without one: not converted
        assertThat(r.convert(100, "USD", "EUR", LocalDate.parse("2023-12-31"))).isNull();
        assertThat(r.convert(100, "USD", "PLN", LocalDate.parse("2026-01-01"))).isNull();
        // the same currency needs no rate
        assertThat(r.convert(123, "PLN", "PLN", LocalDate.parse("2000-01-01")))
                .isEqualTo(new ExchangeRates.Converted(123, null));
    }

    @Test
    void amountsRoundHalfToEven() throws Exception {
        ExchangeRates r = rates("date,currency,rate\n2024-01-01,EUR,0.5\n");
        // 0.01 USD = 0.005 EUR → 0.00 (half to even); 0.03 USD = 0.015 EUR → 0.02
        assertThat(r.convert(1, "USD", "EUR", LocalDate.parse("2024-02-01")).minor()).isZero();
        assertThat(r.convert(3, "USD", "EUR", LocalDate.parse("2024-02-01")).minor()).isEqualTo(2);
    }

    @Test
    void aBadFileIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> rates("day,currency,rate\n")).hasMessage("rates.csv line 1: the header must be 'date,currency,rate'");
        assertThatThrownBy(() -> rates("date,currency,rate\n2024-13-01,EUR,1\n")).hasMessage("rates.csv line 2: date is not YYYY-MM-DD");
        assertThatThrownBy(() -> rates("date,currency,rate\n2024-01-01,ABC,1\n")).hasMessage("rates.csv line 2: unknown currency ABC");
        assertThatThrownBy(() -> rates("date,currency,rate\n2024-01-01,EUR,-1\n")).hasMessage("rates.csv line 2: rate must be positive");
        assertThatThrownBy(() -> rates("date,currency,rate\n2024-01-01,EUR,abc\n")).hasMessage("rates.csv line 2: rate is not a decimal number");
        assertThatThrownBy(() -> rates("date,currency,rate\n2024-01-01,USD,1\n")).hasMessageContaining("line 2: USD is the base currency");
        assertThatThrownBy(() -> rates("date,currency,rate\n2024-01-01,EUR,1\n2024-01-01,eur,2\n"))
                .hasMessage("rates.csv line 3: EUR on 2024-01-01 is already on line 2");
        assertThatThrownBy(() -> rates("")).hasMessageContaining("empty");
    }
}
