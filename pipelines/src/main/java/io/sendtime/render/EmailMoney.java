package io.sendtime.render;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.model.ExchangeRates;
import io.sendtime.warehouse.RecordedRates;

/**
 * One currency per email. A recipient's email is in their cart's currency in a cart campaign
 * ({@code currency_from: cart}), else their profile's, else the campaign's ({@code currency}, by default the
 * catalog's), and every money value of their template context is put into it: lifetime value (from the
 * profile's currency), the cart and its lines (from the cart's), and products: the price the shop states in that
 * currency (product_prices, refreshed at send time when the commerce API answers), else the catalog price
 * converted. Conversions use the warehouse's exchange rates of the render's day ({@link RecordedRates}); a value
 * no rate converts is left out (a product leaves the lists, an amount becomes missing, so its token falls back),
 * never shown in another currency. Counts recipients with converted and with left-out values, and the newest rate
 * date used. Read-only once built except for the counters; safe on many threads.
 */
final class EmailMoney {

    /** Products priced in one currency: template maps by id, and which of them were converted or left out. */
    record Priced(Map<Long, Map<String, Object>> products, Set<Long> converted, Set<Long> unpriced) {}

    /** A product as the render sees it: title, price in the catalog currency and stock, refreshed from the commerce API. */
    record Product(long id, String title, Long priceMinor, String currency, long stock) {

        boolean inStock() {
            return stock > 0;
        }
    }

    private final ExchangeRates rates;
    private final LocalDate on;
    private final String campaignCurrency;
    private final boolean cartFirst;
    private final Map<Long, Product> catalog;
    private final Map<Long, Map<String, Long>> stated;
    private final Map<String, Priced> byCurrency = new ConcurrentHashMap<>();
    private final LongAdder convertedRecipients = new LongAdder();
    private final LongAdder unconvertibleRecipients = new LongAdder();
    private final AtomicReference<LocalDate> newestRate = new AtomicReference<>();

    private EmailMoney(ExchangeRates rates, LocalDate on, String campaignCurrency, boolean cartFirst,
                       Map<Long, Product> catalog, Map<Long, Map<String, Long>> stated) {
        this.rates = rates;
        this.on = on;
        this.campaignCurrency = campaignCurrency;
        this.cartFirst = cartFirst;
        this.catalog = catalog;
        this.stated = stated;
    }

    /**
     * Reads the render's products (render_products, render_product_prices: sql/render/audience.sql) and the
     * warehouse's exchange rates; conversions use the rates of {@code on}.
     */
    static EmailMoney load(Handle h, Campaign campaign, LocalDate on) throws SQLException {
        List<Product> products = new ArrayList<>();
        Map<Long, Map<String, Long>> stated = new HashMap<>();
        try (Statement s = h.getConnection().createStatement()) {
            try (ResultSet rs = s.executeQuery(SqlFiles.text("render/products.sql"))) {
                while (rs.next()) {
                    products.add(new Product(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                            rs.getLong(5)));
                }
            }
            try (ResultSet rs = s.executeQuery(SqlFiles.text("render/product_prices.sql"))) {
                while (rs.next()) {
                    stated.computeIfAbsent(rs.getLong(1), id -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return of(campaign, on, products, stated, RecordedRates.read(h, catalogCurrency(products, "USD")));
    }

    /**
     * From the render's products, their prices per currency as the shop states them, and the exchange rates: what
     * {@link #load} reads from the warehouse, or what a render published for open-time content ({@link RenderLookups}).
     */
    static EmailMoney of(Campaign campaign, LocalDate on, List<Product> products, Map<Long, Map<String, Long>> stated,
                         ExchangeRates rates) {
        Map<Long, Product> catalog = new HashMap<>();
        for (Product p : products) {
            catalog.put(p.id(), p);
        }
        String catalogCurrency = catalogCurrency(products, null);
        String fallback = campaign.currency() != null ? campaign.currency()
                : catalogCurrency != null ? catalogCurrency : rates.base();
        return new EmailMoney(rates, on, fallback, campaign.cartCurrencyFirst(), catalog, stated);
    }

    /** The catalog's currency: the first product's that has one. */
    static String catalogCurrency(List<Product> products, String otherwise) {
        return products.stream().map(Product::currency).filter(java.util.Objects::nonNull).findFirst().orElse(otherwise);
    }

    /** Whether a product is in stock now (the recommender recommends only those). */
    boolean inStock(long productId) {
        Product p = catalog.get(productId);
        return p != null && p.inStock();
    }

    /** The currency of a recipient's email, from their context values. */
    String currencyOf(Map<String, Object> context) {
        Object cart = context.get("cart_currency");
        if (cartFirst && cart != null) {
            return cart.toString();
        }
        Object profile = context.get("currency");
        return profile != null ? profile.toString() : campaignCurrency;
    }

    /** The products priced in {@code currency}, built once per currency. */
    Priced in(String currency) {
        return byCurrency.computeIfAbsent(currency, this::price);
    }

    private Priced price(String currency) {
        Map<Long, Map<String, Object>> products = new HashMap<>();
        Set<Long> converted = new HashSet<>();
        Set<Long> unpriced = new HashSet<>();
        for (Product p : catalog.values()) {
            Long price = p.currency().equals(currency) ? p.priceMinor() : stated.getOrDefault(p.id(), Map.of()).get(currency);
            if (price == null && p.priceMinor() != null) {
                ExchangeRates.Converted c = rates.convert(p.priceMinor(), p.currency(), currency, on);
                if (c != null) {
                    price = c.minor();
                    converted.add(p.id());
                    usedRate(c.rateDate());
                }
            }
            if (price == null || TokenContext.isBlank(p.title())) {
                // no price in that currency, or nothing to show it by (a title the transform refused)
                unpriced.add(p.id());
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("product_id", p.id());
            m.put("title", p.title());
            m.put("price_minor", price);
            m.put("currency", currency);
            m.put("in_stock", p.inStock());
            products.put(p.id(), Collections.unmodifiableMap(m));
        }
        return new Priced(Map.copyOf(products), Set.copyOf(converted), Set.copyOf(unpriced));
    }

    /**
     * The context fields {@link #apply} reads to give these names their values: both currencies always (the email's
     * currency is chosen from them, and every money value converted from one), {@code bought_ids} for
     * {@code recommendations}, {@code last_viewed_ids} for {@code last_viewed}; a name that is a field itself stays.
     */
    static Set<String> fieldsFor(Set<String> names) {
        Set<String> fields = new HashSet<>(names);
        fields.add("currency");
        fields.add("cart_currency");
        if (names.contains("recommendations")) {
            fields.add("bought_ids");
        }
        if (names.contains("last_viewed")) {
            fields.add("last_viewed_ids");
        }
        return fields;
    }

    /**
     * Puts every money value of a recipient's context into their email's currency ({@code currency}; the profile's
     * own stays as {@code profile_currency}) and resolves their product lists ({@code last_viewed_ids}, and the
     * recommendations the recommender picks among products priced in that currency).
     */
    void apply(Map<String, Object> context, Recommender recommender) {
        String currency = currencyOf(context);
        boolean[] flags = new boolean[2]; // converted, left out
        Object profileCurrency = context.get("currency");
        context.put("profile_currency", profileCurrency);
        context.put("currency", currency);
        context.put("lifetime_value_minor", convert(context.get("lifetime_value_minor"), profileCurrency, currency, flags));
        Object cartCurrency = context.get("cart_currency");
        if (cartCurrency != null) {
            context.put("cart_value_minor", convert(context.get("cart_value_minor"), cartCurrency, currency, flags));
            Object items = context.get("cart_items");
            if (items instanceof List<?> list) {
                List<Object> inCurrency = new ArrayList<>(list.size());
                for (Object item : list) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> line = new LinkedHashMap<>((Map<String, Object>) item);
                    line.put("price_minor", convert(line.get("price_minor"), cartCurrency, currency, flags));
                    if (line.get("title") == null || TokenContext.isBlank(line.get("title").toString())) {
                        // a line whose title the transform refused: shown by its product's title, else untitled
                        Product product = line.get("product_id") instanceof Number id ? catalog.get(id.longValue()) : null;
                        line.put("title", product == null || product.title() == null ? "" : product.title());
                    }
                    line.put("currency", currency);
                    inCurrency.add(line);
                }
                context.put("cart_items", inCurrency);
            }
            context.put("cart_currency", currency);
        }
        Priced priced = in(currency);
        context.put("last_viewed", lookUp((List<?>) context.remove("last_viewed_ids"), priced, flags));
        List<Object> recommended = recommender.recommend((List<?>) context.remove("bought_ids"), priced.products());
        for (Object p : recommended) {
            flags[0] |= priced.converted().contains((Long) ((Map<?, ?>) p).get("product_id"));
        }
        context.put("recommendations", recommended);
        if (flags[0]) {
            convertedRecipients.increment();
        }
        if (flags[1]) {
            unconvertibleRecipients.increment();
        }
    }

    /** Product ids to the currency's product maps, in order; products no longer in the catalog are left out. */
    private static List<Object> lookUp(List<?> ids, Priced priced, boolean[] flags) {
        if (ids == null) {
            return List.of();
        }
        List<Object> found = new ArrayList<>(ids.size());
        for (Object id : ids) {
            if (id == null) {
                continue;
            }
            long productId = ((Number) id).longValue();
            Map<String, Object> product = priced.products().get(productId);
            if (product != null) {
                found.add(product);
                flags[0] |= priced.converted().contains(productId);
            } else if (priced.unpriced().contains(productId)) {
                flags[1] = true;
            }
        }
        return found;
    }

    private Long convert(Object minor, Object from, String to, boolean[] flags) {
        if (!(minor instanceof Number n)) {
            return null;
        }
        if (from == null || from.toString().equals(to)) {
            return from == null ? null : n.longValue();
        }
        ExchangeRates.Converted c;
        try {
            c = rates.convert(n.longValue(), from.toString(), to, on);
        } catch (IllegalArgumentException e) {
            c = null; // not an ISO 4217 currency
        }
        if (c == null) {
            flags[1] = true;
            return null;
        }
        flags[0] = true;
        usedRate(c.rateDate());
        return c.minor();
    }

    private void usedRate(LocalDate date) {
        if (date != null) {
            newestRate.accumulateAndGet(date, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }

    /** Recipients with a money value converted by a rate. */
    long convertedRecipients() {
        return convertedRecipients.sum();
    }

    /** Recipients with a money value left out for want of a rate. */
    long unconvertibleRecipients() {
        return unconvertibleRecipients.sum();
    }

    /** The date of the newest exchange rate any conversion used; null when none converted. */
    LocalDate newestRateDate() {
        return newestRate.get();
    }
}
