package io.sendtime.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The names under which steps keep their counts and file lists in their execution context, one
 * definition for every stage and for {@code jobs show}, which reads them back.
 */
public final class StepCounters {

    /** Records read from the input (raw pages, raw files). */
    public static final String READ = "records.read";
    /** Records written to the output. */
    public static final String WRITTEN = "records.written";
    /** Records rejected to quarantine, with their reason. */
    public static final String QUARANTINED = "records.quarantined";
    /** Versions dropped because a later version of the same key was in the same run. */
    public static final String SUPERSEDED = "records.superseded";
    /** Records outside the extract window. */
    public static final String OUTSIDE_WINDOW = "records.outsideWindow";
    /** Records of the lookback overlap the previous run already committed. */
    public static final String ALREADY_EXTRACTED = "records.alreadyExtracted";
    /** Records of erased people the source still sent, dropped before anything was written. */
    public static final String ERASED = "records.erased";
    /** Records handled by a documented rule: {@code count.<rule>}. */
    public static final String RULE_PREFIX = "count.";

    private StepCounters() {
    }

    /** Counts of documented rules kept in a step's context, by rule. */
    public static Map<String, Long> ruleCounts(ExecutionContext step) {
        Map<String, Long> counts = new TreeMap<>();
        step.entrySet().stream().filter(e -> e.getKey().startsWith(RULE_PREFIX))
                .forEach(e -> counts.put(e.getKey().substring(RULE_PREFIX.length()), ((Number) e.getValue()).longValue()));
        return counts;
    }

    /** A list kept in a step's context as one comma-separated string (lake-relative paths have no commas). */
    public static String join(List<String> values) {
        return String.join(",", values);
    }

    /** The list {@link #join} wrote; empty for null or "". */
    public static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(joined.split(",")));
    }
}
