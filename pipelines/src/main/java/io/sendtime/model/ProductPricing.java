package io.sendtime.model;

import java.util.List;

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

    private ProductPricing() {
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
