package io.sendtime.source;

/** How a source pages; written in YAML as {@code cursor-in-body}, {@code link-header} or {@code offset}. */
public enum PaginationStyle {
    /** The next cursor is in the JSON body (HubSpot: {@code paging.next.after}); sent back as a query param. */
    CURSOR_IN_BODY,
    /** The next page's full URL is in the {@code Link} header (Shopify, GitHub); followed verbatim. */
    LINK_HEADER,
    /** Classic offset/limit; the next offset is this offset plus the records received. */
    OFFSET;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
