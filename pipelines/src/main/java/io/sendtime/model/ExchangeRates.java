package io.sendtime.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Dated exchange rates against one base currency: on each date, one unit of the base buys {@code rate} units
 * of a currency. A conversion on a day uses, for each of the two currencies, its latest rate dated on or
 * before that day (the base's rate is always 1), so the same amount on the same day always converts the same
 * way: an incremental load equals a rebuild. Amounts are minor units of their currency's ISO 4217 fraction
 * digits, rounded half to even. Read-only once built; safe on many threads.
 */
public final class ExchangeRates {

    /** One rate: on {@code date}, one unit of the base buys {@code rate} units of {@code currency}. */
    public record Rate(LocalDate date, String currency, BigDecimal rate) {}

    /** A converted amount and the date of the newer of the two rates it used (null: no rate, same currency). */
    public record Converted(long minor, LocalDate rateDate) {}

    private final String base;
    private final List<Rate> rates;
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> byCurrency = new HashMap<>();

    public ExchangeRates(String base, Collection<Rate> rates) {
        this.base = Money.currency(base);
        this.rates = List.copyOf(rates);
        for (Rate r : rates) {
            byCurrency.computeIfAbsent(r.currency(), c -> new TreeMap<>()).put(r.date(), r.rate());
        }
    }

    public String base() {
        return base;
    }

    public List<Rate> rates() {
        return rates;
    }

    /**
     * Reads rates as CSV with the header {@code date,currency,rate} (ISO dates, ISO 4217 codes, positive
     * decimals; {@code #} starts a comment line). A problem is one line naming {@code name} and the line.
     */
    public static ExchangeRates parse(Reader csv, String name, String base) throws IOException {
        String baseCode = Money.currency(base);
        List<Rate> rates = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        BufferedReader in = new BufferedReader(csv);
        String line;
        int n = 0;
        boolean header = false;
        while ((line = in.readLine()) != null) {
            n++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] cells = text.split(",", -1);
            if (!header) {
                if (!text.replace(" ", "").equalsIgnoreCase("date,currency,rate")) {
                    throw new IllegalArgumentException(name + " line " + n + ": the header must be 'date,currency,rate'");
                }
                header = true;
                continue;
            }
            if (cells.length != 3) {
                throw new IllegalArgumentException(name + " line " + n + ": expected date,currency,rate");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(cells[0].strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " line " + n + ": date is not YYYY-MM-DD");
            }
            String currency;
            try {
                currency = Money.currency(cells[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + " line " + n + ": " + e.getMessage());
            }
            if (currency.equals(baseCode)) {
                throw new IllegalArgumentException(name + " line " + n + ": " + currency
                        + " is the base currency (sendtime.money.rate-base), its rate is always 1");
            }
            BigDecimal rate;
            try {
                rate = new BigDecimal(cells[2].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " line " + n + ": rate is not a decimal number");
            }
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException(name + " line " + n + ": rate must be positive");
            }
            Integer earlier = seen.put(date + " " + currency, n);
            if (earlier != null) {
                throw new IllegalArgumentException(name + " line " + n + ": " + currency + " on " + date
                        + " is already on line " + earlier);
            }
            rates.add(new Rate(date, currency, plain(rate)));
        }
        if (!header) {
            throw new IllegalArgumentException(name + ": empty (the header is 'date,currency,rate')");
        }
        return new ExchangeRates(baseCode, rates);
    }

    /**
     * {@code minor} units of {@code from} in {@code to}, by the rates of {@code on}; null when either currency has
     * no rate on or before that day. The same currency converts to itself, with no rate date.
     */
    public Converted convert(long minor, String from, String to, LocalDate on) {
        if (from.equals(to)) {
            return new Converted(minor, null);
        }
        Map.Entry<LocalDate, BigDecimal> fromRate = rate(from, on);
        Map.Entry<LocalDate, BigDecimal> toRate = rate(to, on);
        if (fromRate == null || toRate == null) {
            return null;
        }
        int fromDigits = digits(from);
        int toDigits = digits(to);
        BigDecimal amount = BigDecimal.valueOf(minor, fromDigits).multiply(toRate.getValue())
                .divide(fromRate.getValue(), toDigits + 12, RoundingMode.HALF_EVEN)
                .setScale(toDigits, RoundingMode.HALF_EVEN);
        LocalDate date = fromRate.getKey().isAfter(toRate.getKey()) ? fromRate.getKey() : toRate.getKey();
        return new Converted(amount.unscaledValue().longValueExact(), date.equals(LocalDate.MIN) ? null : date);
    }

    private Map.Entry<LocalDate, BigDecimal> rate(String currency, LocalDate on) {
        if (currency.equals(base)) {
            return Map.entry(LocalDate.MIN, BigDecimal.ONE);
        }
        NavigableMap<LocalDate, BigDecimal> dated = byCurrency.get(currency);
        return dated == null ? null : dated.floorEntry(on);
    }

    /** {@code 150.00} as {@code 150}, never {@code 1.5E+2}. */
    public static BigDecimal plain(BigDecimal rate) {
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** ISO 4217 fraction digits of {@code currency} (JPY 0, USD 2). */
    public static int digits(String currency) {
        return Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
    }
}
