package io.sendtime.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

import io.sendtime.lake.RejectedRecordException;

/**
 * Decimal money strings to minor units of their ISO 4217 currency, with the currency's default
 * fraction digits from {@link Currency} (USD 2: "12.30" is 1230; JPY and KRW 0: "15344" is 15344).
 * An amount with more decimals than its currency has is rejected, never rounded.
 */
public final class Money {

    private Money() {
    }

    /** The ISO 4217 code, uppercased; rejects codes that are not currencies with minor units. */
    public static String currency(String code) {
        if (code == null || code.isBlank()) {
            throw new RejectedRecordException("no currency");
        }
        String upper = code.strip().toUpperCase(Locale.ROOT);
        try {
            if (Currency.getInstance(upper).getDefaultFractionDigits() < 0) {
                throw new RejectedRecordException("currency " + upper + " has no minor unit");
            }
            return upper;
        } catch (IllegalArgumentException e) {
            throw new RejectedRecordException("unknown currency " + upper);
        }
    }

    /** Minor units of {@code amount}; null stays null. */
    public static Long toMinor(String amount, String currency) {
        if (amount == null) {
            return null;
        }
        int digits = Currency.getInstance(currency(currency)).getDefaultFractionDigits();
        try {
            return new BigDecimal(amount.strip()).setScale(digits, RoundingMode.UNNECESSARY).unscaledValue()
                    .longValueExact();
        } catch (NumberFormatException e) {
            throw new RejectedRecordException("amount is not a decimal number");
        } catch (ArithmeticException e) {
            throw new RejectedRecordException("amount has more decimals than " + currency + " allows");
        }
    }
}
