package io.sendtime.extract;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.springframework.stereotype.Component;

import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * The record versions, (id, source cursor) as {@link Watermarks#key}s, that the raw lake already holds in a
 * stretch of the cursor: read from the files committed manifests list (two columns of each), never from the
 * source. An extract skips them, so that a run rereading what another run already committed (the lookback
 * band, a run that took its turn after a full refresh read further, a backfill) does not write them twice.
 */
@Component
public class LakeVersions {

    private final Lake lake;
    private final RawSchemas schemas;

    public LakeVersions(Lake lake, RawSchemas schemas) {
        this.lake = lake;
        this.schemas = schemas;
    }

    /** The versions in {@code [from, below)} of the committed extract runs of the entity whose window reaches it. */
    public Map<String, String[]> committed(String source, String entity, Instant from, Instant below) {
        Map<String, String[]> out = new HashMap<>();
        if (!from.isBefore(below)) {
            return out;
        }
        for (RunManifest run : new RunManifests(lake).all(source)) {
            RunManifest.EntityFiles files = run.entities().get(entity);
            if (files != null && (files.from() == null || files.from().isBefore(below))
                    && (files.to() == null || files.to().isAfter(from))) {
                out.putAll(in(source, entity, files.files(), from, below));
            }
        }
        return out;
    }

    /** The versions in {@code [from, below)} of these lake files of the entity ({@code below} null: no end). */
    public Map<String, String[]> in(String source, String entity, List<String> files, Instant from, Instant below) {
        long fromMicros = RecordConverter.toMicros(from);
        long belowMicros = below == null ? Long.MAX_VALUE : RecordConverter.toMicros(below);
        Schema full = schemas.schema(source, entity);
        Schema projection = Schema.createRecord(full.getName(), null, full.getNamespace(), false, List.of(
                new Schema.Field(full.getField("id"), full.getField("id").schema()),
                new Schema.Field(full.getField(RawSchemas.SOURCE_UPDATED_AT),
                        full.getField(RawSchemas.SOURCE_UPDATED_AT).schema())));
        Map<String, String[]> out = new HashMap<>();
        ParquetFiles parquet = new ParquetFiles(lake);
        for (String file : files) {
            parquet.read(lake.path(file), projection, (GenericRecord r) -> {
                long cursor = (Long) r.get(RawSchemas.SOURCE_UPDATED_AT);
                if (cursor >= fromMicros && cursor < belowMicros) {
                    String id = String.valueOf(r.get("id"));
                    out.put(Watermarks.key(id, cursor), new String[] {id, Long.toString(cursor)});
                }
            });
        }
        return out;
    }
}
