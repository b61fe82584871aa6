package io.sendtime.transform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.model.LatestVersions;

/**
 * The current state of a curated entity: every file the curated manifests list, latest version per
 * key (the same order as within a run, {@link LatestVersions#NEWEST_LAST}), tombstones included. What
 * the load computes in SQL, in Java for tests and small checks.
 */
public final class CuratedVersions {

    private CuratedVersions() {
    }

    /** Latest version per key value (as a string) of {@code entity}. */
    public static Map<String, GenericRecord> latest(Lake lake, String entity) {
        Map<String, GenericRecord> latest = new LinkedHashMap<>();
        ParquetFiles parquet = new ParquetFiles(lake);
        for (CuratedManifest manifest : new CuratedManifests(lake).all()) {
            CuratedManifest.EntityFiles files = manifest.entities().get(entity);
            if (files == null) {
                continue;
            }
            for (String file : files.files()) {
                parquet.read(lake.path(file), null, r -> latest.merge(String.valueOf(r.get(files.key())), r,
                        (a, b) -> LatestVersions.NEWEST_LAST.compare(b, a) > 0 ? b : a));
            }
        }
        return latest;
    }
}
