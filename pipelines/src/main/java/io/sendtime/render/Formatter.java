package io.sendtime.render;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code $fmt} in templates: money, dates and small helpers in the campaign's locale. Thread-safe
 * (number formats are per thread); its methods take and return plain values, nothing to reach Java with.
 */
public final class Formatter {

    private final Locale locale;
    private final DateTimeFormatter date;
    private final ThreadLocal<Map<String, NumberFormat>> money = ThreadLocal.withInitial(HashMap::new);
    /**
     * Amounts already formatted, per currency: the same prices recur in every recipient's product lists, so each is
     * formatted once per render (up to {@value #REMEMBERED} amounts per currency; past that, formatted each time).
     */
    private final Map<String, Map<Long, String>> formatted = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int REMEMBERED = 20_000;

    public Formatter(Locale locale) {
        this.locale = locale;
        this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(ZoneOffset.UTC);
    }

    /** {@code $fmt.money(12990, 'EUR')} → "€129.90" (en-US) or "129,90 €" (de-DE); empty when missing. */
    public String money(Object minor, Object currency) {
        if (!(minor instanceof Number n) || currency == null) {
            return "";
        }
        Currency c;
        try {
            c = Currency.getInstance(currency.toString());
        } catch (IllegalArgumentException e) {
            return "";
        }
        Map<Long, String> done = formatted.computeIfAbsent(c.getCurrencyCode(),
                code -> new java.util.concurrent.ConcurrentHashMap<>());
        long amount = n.longValue();
        String text = done.get(amount);
        if (text == null) {
            text = format(amount, c);
            if (done.size() < REMEMBERED) {
                done.put(amount, text);
            }
        }
        return text;
    }

    private String format(long amount, Currency c) {
        NumberFormat format = money.get().computeIfAbsent(c.getCurrencyCode(), code -> {
            NumberFormat f = NumberFormat.getCurrencyInstance(locale);
            f.setCurrency(c);
            f.setMinimumFractionDigits(Math.max(0, c.getDefaultFractionDigits()));
            f.setMaximumFractionDigits(Math.max(0, c.getDefaultFractionDigits()));
            return f;
        });
        return format.format(BigDecimal.valueOf(amount, Math.max(0, c.getDefaultFractionDigits())));
    }

    /** {@code $fmt.date($last_order_at)} → "Jan 17, 2024"; empty when missing. */
    public String date(Object instant) {
        return instant instanceof Instant i ? date.format(i) : "";
    }

    /** The first value that is not null or blank, as text. */
    public String or(Object value, Object otherwise) {
        return blank(value) ? (otherwise == null ? "" : otherwise.toString()) : value.toString();
    }

    /** True when the value is null, blank text or an empty list. */
    public boolean blank(Object value) {
        return value == null || (value instanceof CharSequence s && TokenContext.isBlank(s.toString()))
                || (value instanceof Collection<?> c && c.isEmpty());
    }

    /**
     * {@code $fmt.shorten($title, 60)}: the text cut to at most {@code max} characters people see (grapheme
     * clusters, never inside one), ending in "…" when it was cut; empty when missing.
     */
    public String shorten(Object text, int max) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        if (s.length() <= max || TokenContext.visibleLength(s) <= max) {
            return s;
        }
        com.ibm.icu.text.BreakIterator graphemes = com.ibm.icu.text.BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(s);
        int end = graphemes.first();
        for (int i = 0; i < Math.max(0, max - 1); i++) {
            end = graphemes.next();
        }
        return s.substring(0, end).strip() + "…";
    }

    /** The first {@code n} items of a list. */
    public List<?> first(Object list, int n) {
        return list instanceof List<?> l ? l.subList(0, Math.min(n, l.size())) : List.of();
    }

    /** Title case of a category key: {@code running_shoes} → "Running shoes". */
    public String label(Object key) {
        if (key == null || key.toString().isBlank()) {
            return "";
        }
        String s = key.toString().replace('_', ' ');
        return s.substring(0, 1).toUpperCase(locale) + s.substring(1);
    }
}
