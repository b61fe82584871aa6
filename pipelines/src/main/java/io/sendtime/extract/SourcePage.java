package io.sendtime.extract;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page as fetched from a source: the unit a chunk is made of, so checkpoints fall on page boundaries. Its records
 * may still be a body to parse ({@link io.sendtime.source.RestSourceClient#fetchUnparsed}): {@link #records} parses it,
 * on the thread that converts the page, once.
 */
public record SourcePage(int number, Supplier<List<JsonNode>> body, Instant fetchedAt, int httpAttempts) {

    /** A page whose records are parsed already. */
    public SourcePage(int number, List<JsonNode> records, Instant fetchedAt, int httpAttempts) {
        this(number, () -> records, fetchedAt, httpAttempts);
    }

    /** The page's records, its body parsed if it was not yet (call it once: a body is parsed on every call). */
    public List<JsonNode> records() {
        return body.get();
    }
}
