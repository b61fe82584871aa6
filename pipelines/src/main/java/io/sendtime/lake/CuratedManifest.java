package io.sendtime.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What one transform run committed to the curated zone: the extract runs it consumed and, per curated
 * entity, exactly the files written. The load reads every curated manifest and keeps the latest
 * version per key (see docs/transform.md).
 *
 * <p>A compaction ({@code lake housekeep}, docs/lake.md) writes a manifest of the same shape that
 * {@code replaces} several committed ones: their records in fewer files.
 *
 * @param transformRunId the run's stable id (the same across restarts of one job instance), or the
 *                       compaction's id
 * @param consumed       the extract runs it curated, as {@code <source>:<runId>}
 * @param entities       per curated entity (e.g. {@code customers}): files and counts
 * @param replaces       for a compaction, the manifests it replaces; empty for a transform run
 */
public record CuratedManifest(String transformRunId, Instant committedAt, List<String> consumed,
                              Map<String, EntityFiles> entities, List<String> replaces) {

    public CuratedManifest {
        replaces = replaces == null ? List.of() : List.copyOf(replaces);
    }

    /** A transform run's manifest. */
    public CuratedManifest(String transformRunId, Instant committedAt, List<String> consumed,
                           Map<String, EntityFiles> entities) {
        this(transformRunId, committedAt, consumed, entities, List.of());
    }

    @JsonIgnore
    public boolean isCompaction() {
        return !replaces.isEmpty();
    }

    /**
     * @param key         the entity's key column
     * @param files       lake-relative paths of the committed Parquet files
     * @param records     curated records written (one per key: the latest version this run saw)
     * @param read        raw records read
     * @param superseded  raw versions dropped because a later version of the same key was in this run
     * @param quarantined raw records rejected to quarantine
     * @param counts      records handled by a documented rule (unknown_category, country_unknown, ...)
     */
    public record EntityFiles(String key, List<String> files, long records, long read, long superseded,
                              long quarantined, List<String> quarantineFiles, Map<String, Long> counts) {}
}
