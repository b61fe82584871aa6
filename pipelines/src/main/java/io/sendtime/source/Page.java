package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * One page of an entity, as the source sent it.
 *
 * @param records       the records, unfiltered (the caller keeps those in [from, to) and validates them)
 * @param nextPageToken pass back to {@link RestSourceClient#fetchPage} for the next page; null on the last page.
 *                      A plain string that survives a restart: a full URL (link-header), a cursor, or an offset
 * @param httpAttempts  HTTP requests made for this page, retries and token refreshes included
 * @param waited        time spent waiting rather than fetching: retry backoff and client-side rate limiting
 */
public record Page(List<JsonNode> records, String nextPageToken, int httpAttempts, Duration waited) {

    public Page {
        records = List.copyOf(records);
    }

    public boolean isLast() {
        return nextPageToken == null;
    }
}
