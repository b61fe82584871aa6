package io.sendtime.extract;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One page as fetched from a source: the unit a chunk is made of, so checkpoints fall on page boundaries. */
public record SourcePage(int number, List<JsonNode> records, Instant fetchedAt, int httpAttempts) {}
