package io.sendtime.source;

import java.time.Duration;

/**
 * A page as {@link RestSourceClient#fetchUnparsed} received it: its body not parsed yet ({@link
 * RestSourceClient#records} parses it), its next page already named by the answer's headers.
 *
 * @param body          the body's bytes, as received
 * @param nextPageToken as {@link Page#nextPageToken()}: null on the last page
 * @param httpAttempts  HTTP requests made for this page, retries and token refreshes included
 * @param waited        time spent waiting rather than fetching: retry backoff and client-side rate limiting
 */
public record UnparsedPage(byte[] body, String nextPageToken, int httpAttempts, Duration waited) {}
