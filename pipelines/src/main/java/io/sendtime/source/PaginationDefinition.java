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
 */
public record PaginationDefinition(
        PaginationStyle style,
        Integer pageSize,
        String limitParam,
        String nextCursorPath,
        String cursorParam,
        String linkRel,
        String offsetParam) {

    public PaginationDefinition {
        pageSize = pageSize == null ? 100 : pageSize;
        limitParam = limitParam == null ? "limit" : limitParam;
        linkRel = linkRel == null ? "next" : linkRel;
        offsetParam = offsetParam == null ? "offset" : offsetParam;
    }

    public static PaginationDefinition cursorInBody(String nextCursorPath, String cursorParam, int pageSize) {
        return new PaginationDefinition(PaginationStyle.CURSOR_IN_BODY, pageSize, null, nextCursorPath, cursorParam, null, null);
    }

    public static PaginationDefinition linkHeader(int pageSize) {
        return new PaginationDefinition(PaginationStyle.LINK_HEADER, pageSize, null, null, null, null, null);
    }

    public static PaginationDefinition offset(int pageSize) {
        return new PaginationDefinition(PaginationStyle.OFFSET, pageSize, null, null, null, null, null);
    }
}
