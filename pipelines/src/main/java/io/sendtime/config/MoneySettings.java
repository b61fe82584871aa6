package io.sendtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.sendtime.model.ExchangeRates;

/**
 * {@code sendtime.money}: the exchange rates money is converted with where a source gives no price in the
 * currency an email is in (product prices at send time) and where a customer paid in several currencies
 * (lifetime value, average order value). Rates are dated and append-only: the load records them in the
 * warehouse and refuses a file that changes or removes a recorded rate.
 *
 * @param exchangeRates a CSV file ({@code date,currency,rate}: on that date one unit of {@code rateBase}
 *                      buys {@code rate} units of the currency), or {@code classpath:...}; none: no new rates (the
 *                      warehouse's recorded ones stand; with none, such values are left out and counted)
 * @param rateBase      the currency the rates are quoted against
 */
@ConfigurationProperties("sendtime.money")
public record MoneySettings(String exchangeRates, String rateBase) {

    /** The sample rates the demo and the tests use (data-samples/exchange-rates.csv, packaged). */
    public static final String SAMPLE_RATES = "classpath:data-samples/exchange-rates.csv";

    public MoneySettings {
        exchangeRates = exchangeRates == null || exchangeRates.isBlank() ? null : exchangeRates.strip();
        rateBase = rateBase == null || rateBase.isBlank() ? "USD" : rateBase.strip();
    }

    /**
     * The configured rates; null when none are configured (the warehouse keeps converting with the rates it
     * recorded). A problem is one line naming the file.
     */
    public ExchangeRates read() {
        if (exchangeRates == null) {
            return null;
        }
        try (Reader reader = open()) {
            return ExchangeRates.parse(reader, "sendtime.money.exchange-rates " + exchangeRates, rateBase);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("sendtime.money.exchange-rates: no file " + exchangeRates);
        } catch (IOException e) {
            throw new IllegalArgumentException("sendtime.money.exchange-rates: cannot read " + exchangeRates + ": "
                    + e.getMessage());
        }
    }

    private Reader open() throws IOException {
        if (exchangeRates.startsWith("classpath:")) {
            String resource = exchangeRates.substring("classpath:".length()).replaceFirst("^/", "");
            InputStream in = MoneySettings.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(exchangeRates);
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
        return Files.newBufferedReader(Path.of(exchangeRates), StandardCharsets.UTF_8);
    }
}
