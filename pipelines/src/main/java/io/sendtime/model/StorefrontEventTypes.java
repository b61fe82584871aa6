package io.sendtime.model;

import java.util.Set;

/**
 * The storefront event types sendtime knows, as the commerce feed and {@code sendtime serve} send them, and which of
 * them are about one product (and so must name it). What each means to the profiles is the load's (docs/load.md):
 * views are product views only; the cart is the shop's checkout, whatever cart events say.
 */
public final class StorefrontEventTypes {

    public static final Set<String> ALL = Set.of("product_viewed", "added_to_cart", "removed_from_cart", "searched",
            "checkout_started", "order_placed");

    /** The types that need a product id: a view, a cart addition or removal (a checkout or an order may name none). */
    public static final Set<String> PRODUCT_EVENTS = Set.of("product_viewed", "added_to_cart", "removed_from_cart");

    private StorefrontEventTypes() {
    }
}
