package io.sendtime.erase;

import java.time.Duration;
import java.util.Map;

/**
 * What an erasure did, with no personal data: its id (a keyed hash), how many identifiers of each kind it
 * found, and per store what it removed (records, rows, files).
 */
public record EraseSummary(String erasureId, long executionId, Map<String, Integer> identifiers,
                           Map<String, Long> removed, Duration took) {}
