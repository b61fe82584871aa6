package io.sendtime.load;

/**
 * The curated entities the load merges, in order, each into its warehouse table by its key.
 * Hooks {@code sql/load/before/<table>.sql} and {@code sql/load/after/<table>.sql} run around the merge
 * when they exist.
 */
public enum LoadEntity {
    CONTACTS("contacts", "contacts", "contact_id"),
    CUSTOMERS("customers", "customers", "customer_id"),
    SUBSCRIPTIONS("subscriptions", "subscriptions", "subscription_record_id"),
    PRODUCTS("products", "products", "product_id", false),
    ORDERS("orders", "orders", "order_id"),
    CHECKOUTS("checkouts", "checkouts", "checkout_id"),
    EVENTS("storefront_events", "events", "event_id");

    private final String curated;
    private final String table;
    private final String key;
    private final boolean ownedByCustomer;

    LoadEntity(String curated, String table, String key) {
        this(curated, table, key, true);
    }

    LoadEntity(String curated, String table, String key, boolean ownedByCustomer) {
        this.curated = curated;
        this.table = table;
        this.key = key;
        this.ownedByCustomer = ownedByCustomer;
    }

    /** Whether its records carry a customer_key (a change touches that customer's profile). */
    public boolean ownedByCustomer() {
        return ownedByCustomer;
    }

    /** The entity's name in the curated lake and its manifests. */
    public String curated() {
        return curated;
    }

    public String table() {
        return table;
    }

    public String key() {
        return key;
    }
}
