package io.sendtime.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The product price rule, shared by the load (sql/load/after/products.sql) and the render's stock
 * refresh: a product's price is its cheapest priced variant's, its stock the sum of its variants'
 * inventory, where an oversold variant (negative inventory) counts as none, not as a debt against the
 * others. A test holds this and the SQL to agree.
 */
public final class ProductPricing {

    /** One variant: its price in minor units (null: no price) and inventory quantity (null: unknown). */
    public record Variant(Long priceMinor, Long inventoryQuantity) {}

    /** A product's price (null when no variant has one) and stock. */
    public record Pricing(Long priceMinor, long stock) {}

    /** A variant's price in one currency (Shopify's presentment prices), in that currency's minor units. */
    public record Offer(String currency, long priceMinor, Long compareAtMinor) {}

    private ProductPricing() {
    }

    /**
     * The same rule per currency: for each currency any variant is priced in, the cheapest of those variants'
     * prices there (with that variant's compare-at price), by currency code.
     */
    public static List<Offer> perCurrency(List<List<Offer>> variants) {
        Map<String, Offer> cheapest = new TreeMap<>();
        for (List<Offer> offers : variants) {
            for (Offer o : offers) {
                cheapest.merge(o.currency(), o, (a, b) -> b.priceMinor() < a.priceMinor() ? b : a);
            }
        }
        return List.copyOf(cheapest.values());
    }

    public static Pricing of(List<Variant> variants) {
        Long price = null;
        long stock = 0;
        for (Variant v : variants) {
            if (v.priceMinor() != null) {
                price = price == null ? v.priceMinor() : Math.min(price, v.priceMinor());
            }
            if (v.inventoryQuantity() != null) {
                stock += Math.max(0, v.inventoryQuantity());
            }
        }
        return new Pricing(price, stock);
    }
}
