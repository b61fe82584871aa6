package io.sendtime.transform;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;

import io.sendtime.lake.CuratedSchemas;

/**
 * Keeps the latest version per key: the one with the greatest source updated-at, then the latest
 * extraction ({@code _extracted_at}), then the greatest extract run id. The load applies the same
 * order across transform runs ({@link #NEWEST_LAST}).
 */
final class LatestVersions {

    /** Orders versions of one key oldest first. */
    static final Comparator<GenericRecord> NEWEST_LAST = Comparator
            .comparing((GenericRecord r) -> (Long) r.get(CuratedSchemas.SOURCE_UPDATED_AT))
            .thenComparing(r -> (Long) r.get(CuratedSchemas.EXTRACTED_AT))
            .thenComparing(r -> r.get(CuratedSchemas.RAW_RUN_ID).toString());

    private final String keyField;
    private final Map<String, GenericRecord> latest = new LinkedHashMap<>();
    private long superseded;

    LatestVersions(String keyField) {
        this.keyField = keyField;
    }

    void offer(GenericRecord version) {
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

    Collection<GenericRecord> values() {
        return latest.values();
    }

    /** Versions dropped because a later version of their key was offered. */
    long superseded() {
        return superseded;
    }
}
