package io.sendtime.samples;

/**
 * The record feeds the sample APIs serve. Each feed is ordered by ({@link #sortField()}, id)
 * ascending, which is also the keyset the page tokens encode.
 */
public enum Entity {
    CONTACTS(SourceSystem.CRM, "crm/contacts.jsonl", "updatedAt", "/crm/v3/objects/contacts", "results"),
    SUBSCRIPTIONS(SourceSystem.CRM, "crm/subscriptions.jsonl", "updatedAt",
            "/communication-preferences/v3/subscriptions", "results"),
    CUSTOMERS(SourceSystem.COMMERCE, "commerce/customers.jsonl", "updated_at",
            "/admin/api/2024-10/customers.json", "customers"),
    ORDERS(SourceSystem.COMMERCE, "commerce/orders.jsonl", "updated_at",
            "/admin/api/2024-10/orders.json", "orders"),
    PRODUCTS(SourceSystem.COMMERCE, "commerce/products.jsonl", "updated_at",
            "/admin/api/2024-10/products.json", "products"),
    CHECKOUTS(SourceSystem.COMMERCE, "commerce/checkouts.jsonl", "updated_at",
            "/admin/api/2024-10/checkouts.json", "checkouts"),
    STOREFRONT_EVENTS(SourceSystem.COMMERCE, "commerce/storefront_events.jsonl", "created_at",
            "/sample-feed/storefront_events.json", "storefront_events");

    /** Which of the two imitated APIs serves the feed. */
    public enum SourceSystem { CRM, COMMERCE }

    private final SourceSystem system;
    private final String file;
    private final String sortField;
    private final String path;
    private final String listKey;

    Entity(SourceSystem system, String file, String sortField, String path, String listKey) {
        this.system = system;
        this.file = file;
        this.sortField = sortField;
        this.path = path;
        this.listKey = listKey;
    }

    public SourceSystem system() { return system; }

    /** Path of the JSONL file relative to a data-samples directory, e.g. {@code crm/contacts.jsonl}. */
    public String file() { return file; }

    /** The timestamp field the feed is ordered and filtered by. */
    public String sortField() { return sortField; }

    /** The URL path that serves the feed. */
    public String path() { return path; }

    /** The JSON key of the record array in a page ({@code results} for the CRM). */
    public String listKey() { return listKey; }

    /** Entity served at the given URL path, or null. */
    public static Entity forPath(String path) {
        for (Entity e : values()) {
            if (e.path.equals(path)) {
                return e;
            }
        }
        return null;
    }
}
