package io.sendtime.source;

/**
 * {@code sendtime.sources.<name>.pagination}.
 *
 * @param style          cursor-in-body | link-header | offset
 * @param pageSize       records asked for per page (default 100; an entity may override it)
 * @param limitParam     query param carrying the page size (default {@code limit})
 * @param nextCursorPath cursor-in-body: dotted path of the next cursor in the body, e.g. {@code paging.next.after}
 * @param cursorParam    cursor-in-body: query param the cursor is sent back in, e.g. {@code after}
 * @param linkRel        link-header: the rel of the next page's link (default {@code next})
 * @param offsetParam    offset: query param carrying the offset (default {@code offset})
 * @param hasMorePath    cursor-in-body: dotted path of a flag that says whether there is a next page (HubSpot's
 *                       subscriptions timeline: {@code hasMore}); when it is false the cursor beside it is not
 *                       followed. Optional: without it, a missing cursor ends the pages
 */
public record PaginationDefinition(
        PaginationStyle style,
        Integer pageSize,
        String limitParam,
        String nextCursorPath,
        String cursorParam,
        String linkRel,
        String offsetParam,
        String hasMorePath) {

    public PaginationDefinition(PaginationStyle style, Integer pageSize, String limitParam, String nextCursorPath,
                                String cursorParam, String linkRel, String offsetParam) {
        this(style, pageSize, limitParam, nextCursorPath, cursorParam, linkRel, offsetParam, null);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public PaginationDefinition {
        pageSize = pageSize == null ? 100 : pageSize;
        limitParam = limitParam == null ? "limit" : limitParam;
        linkRel = linkRel == null ? "next" : linkRel;
        offsetParam = offsetParam == null ? "offset" : offsetParam;
    }

    public static PaginationDefinition cursorInBody(String nextCursorPath, String cursorParam, int pageSize) {
        return new PaginationDefinition(PaginationStyle.CURSOR_IN_BODY, pageSize, null, nextCursorPath, cursorParam, null, null, null);
    }

    public static PaginationDefinition linkHeader(int pageSize) {
        return new PaginationDefinition(PaginationStyle.LINK_HEADER, pageSize, null, null, null, null, null, null);
    }

    public static PaginationDefinition offset(int pageSize) {
        return new PaginationDefinition(PaginationStyle.OFFSET, pageSize, null, null, null, null, null, null);
    }
}
