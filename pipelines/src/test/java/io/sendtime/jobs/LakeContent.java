package io.sendtime.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.apache.avro.generic.GenericRecord;

import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/** What the committed manifests of a source say is in the raw lake, comparable across runs. */
public final class LakeContent {

    private LakeContent() {
    }

    /**
     * Every record of every committed file of {@code entity}, as sorted field maps without the
     * columns that legitimately differ between two runs ({@code _run_id}, {@code _extracted_at}).
     */
    public static List<String> records(Lake lake, String source, String entity) {
        List<String> out = new ArrayList<>();
        ParquetFiles parquet = new ParquetFiles(lake);
        for (RunManifest manifest : new RunManifests(lake).all(source)) {
            RunManifest.EntityFiles files = manifest.entities().get(entity);
            if (files == null) {
                continue;
            }
            for (String file : files.files()) {
                for (GenericRecord r : parquet.readAll(lake.path(file))) {
                    TreeMap<String, String> fields = new TreeMap<>();
                    r.getSchema().getFields().stream()
                            .filter(f -> !f.name().equals(RawSchemas.RUN_ID) && !f.name().equals(RawSchemas.EXTRACTED_AT))
                            .forEach(f -> fields.put(f.name(), String.valueOf(r.get(f.name()))));
                    out.add(fields.toString());
                }
            }
        }
        out.sort(null);
        return out;
    }
}
