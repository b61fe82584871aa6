package io.sendtime.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;

import io.sendtime.lake.CuratedSchemas;

/**
 * Keeps the latest version per key: the one with the greatest source updated-at, then the latest
 * extraction ({@code _extracted_at}), then the greatest extract run id. The load applies the same
 * order across transform runs ({@link #NEWEST_LAST}); in SQL the same order is the keep-latest clause of
 * sql/load/rebuild.sql and sql/lake/compact.sql ({@code ORDER BY _source_updated_at DESC, _extracted_at DESC,
 * _raw_run_id DESC}), and a test holds the two to agree.
 */
public final class LatestVersions {

    /** Orders versions of one key oldest first. */
    public static final Comparator<GenericRecord> NEWEST_LAST = Comparator
            .comparing((GenericRecord r) -> (Long) r.get(CuratedSchemas.SOURCE_UPDATED_AT))
            .thenComparing(r -> (Long) r.get(CuratedSchemas.EXTRACTED_AT))
            .thenComparing(r -> r.get(CuratedSchemas.RAW_RUN_ID).toString());

    private final String keyField;
    private final Map<String, GenericRecord> latest = new LinkedHashMap<>();
    private long superseded;

    public LatestVersions(String keyField) {
        this.keyField = keyField;
    }

    public void offer(GenericRecord version) {
        String key = String.valueOf(version.get(keyField));
        GenericRecord current = latest.get(key);
        if (current == null) {
            latest.put(key, version);
            return;
        }
        superseded++;
        if (NEWEST_LAST.compare(version, current) > 0) {
            latest.put(key, version);
        }
    }

    public Collection<GenericRecord> values() {
        return latest.values();
    }

    /** Versions dropped because a later version of their key was offered. */
    public long superseded() {
        return superseded;
    }
}
