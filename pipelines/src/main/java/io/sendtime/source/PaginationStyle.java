package io.sendtime.source;

/** How a source pages; written in YAML as {@code cursor-in-body}, {@code link-header}, {@code offset} or {@code graphql}. */
public enum PaginationStyle {
    /** The next cursor is in the JSON body (HubSpot: {@code paging.next.after}); sent back as a query param. */
    CURSOR_IN_BODY,
    /** The next page's full URL is in the {@code Link} header (Shopify, GitHub); followed verbatim. */
    LINK_HEADER,
    /** Classic offset/limit; the next offset is this offset plus the records received. */
    OFFSET,
    /**
     * A GraphQL connection: the next cursor is {@code <connection>.pageInfo.endCursor} while {@code hasNextPage},
     * the connection being the parent of the entity's {@code records} path ({@code data.customers.nodes}); it goes
     * back in the query's variables ({@code ${cursor}}).
     */
    GRAPHQL;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
