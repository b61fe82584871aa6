package io.sendtime.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What one run of a stage committed to the lake: per entity its window and exactly the files written.
 * Readers trust manifests, never directory listings alone. Stored as JSON next to the data.
 *
 * @param runId    the run's stable id (the same across restarts of one job instance)
 * @param stage    the stage that wrote it: {@code extract}, or {@link #INGEST} for {@code sendtime serve}
 * @param source   the source, e.g. {@code crm}
 * @param entities per entity: window and files
 */
public record RunManifest(String runId, String stage, String source, Instant committedAt,
                          Map<String, EntityFiles> entities) {

    /**
     * The stage of the runs {@code sendtime serve} commits (source {@code webhooks}, one each commit interval while
     * events arrive): what it received, not a window of a source read.
     */
    public static final String INGEST = "ingest";

    /** Whether {@code sendtime serve} committed it (it received what the run holds; nothing was read from a source). */
    @JsonIgnore
    public boolean isIngest() {
        return INGEST.equals(stage);
    }

    /**
     * @param from        inclusive lower bound of the source cursor that was read
     * @param to          exclusive upper bound
     * @param files       lake-relative paths of the committed files, in write order
     * @param records     records written across those files
     * @param quarantined records rejected to quarantine
     */
    public record EntityFiles(Instant from, Instant to, List<String> files, long records, long quarantined,
                              List<String> quarantineFiles) {}
}
