package io.sendtime.load;

/**
 * The curated entities the load merges, in order, each into its warehouse table by its key.
 * Hooks {@code sql/load/before/<table>.sql} and {@code sql/load/after/<table>.sql} run around the merge
 * when they exist.
 */
public enum LoadEntity {
    CONTACTS("contacts", "contacts", "contact_id", true, false),
    CUSTOMERS("customers", "customers", "customer_id", true, true),
    SUBSCRIPTIONS("subscriptions", "subscriptions", "subscription_record_id", true, true),
    PRODUCTS("products", "products", "product_id", false, false),
    PRODUCT_PRICES("product_prices", "product_prices", "product_id", false, false),
    ORDERS("orders", "orders", "order_id", true, false),
    CHECKOUTS("checkouts", "checkouts", "checkout_id", true, false),
    EVENTS("storefront_events", "events", "event_id", true, false),
    EMAIL_EVENTS("email_events", "email_events", "event_id", true, false);

    private final String curated;
    private final String table;
    private final String key;
    private final boolean ownedByCustomer;
    private final boolean readsEveryVersion;

    LoadEntity(String curated, String table, String key, boolean ownedByCustomer, boolean readsEveryVersion) {
        this.curated = curated;
        this.table = table;
        this.key = key;
        this.ownedByCustomer = ownedByCustomer;
        this.readsEveryVersion = readsEveryVersion;
    }

    /** The entity curated as {@code name}, or null when the load does not merge it. */
    public static LoadEntity ofCurated(String name) {
        for (LoadEntity e : values()) {
            if (e.curated.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Whether the load reads every version in the files, not only the latest per key: the after-hooks of
     * customers and subscriptions make each version a consent statement. A compaction keeps them all.
     */
    public boolean readsEveryVersion() {
        return readsEveryVersion;
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
