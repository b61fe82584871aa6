package io.sendtime.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.hadoop.fs.Path;

/**
 * Commits runs of the source {@code webhooks} the way {@code sendtime serve} does: per entity the received records as
 * a raw Parquet file of the raw schema ({@code schemas/raw/webhooks/<entity>.avsc} with the lineage columns), then the
 * run manifest (stage {@code ingest}), last.
 */
public final class WebhookRuns {

    public static final String SOURCE = "webhooks";

    private final Lake lake;
    private final RawSchemas schemas = new RawSchemas();

    public WebhookRuns(Lake lake) {
        this.lake = lake;
    }

    /**
     * @param records per raw entity, each record as field name to value ({@link Instant}s for timestamps)
     * @return the run's id
     */
    public String commit(Instant from, Instant to, Map<String, List<Map<String, Object>>> records) {
        String runId = RunIds.next(to, "w");
        Map<String, RunManifest.EntityFiles> entities = new LinkedHashMap<>();
        LocalDate date = LocalDate.ofInstant(to, ZoneOffset.UTC);
        records.forEach((entity, list) -> {
            Schema schema = schemas.schema(SOURCE, entity);
            List<GenericRecord> rows = new ArrayList<>();
            for (Map<String, Object> values : list) {
                GenericRecordBuilder row = new GenericRecordBuilder(schema);
                values.forEach((field, value) -> row.set(field, value instanceof Instant at ? micros(at) : value));
                rows.add(row.set(RawSchemas.RUN_ID, runId).set(RawSchemas.EXTRACTED_AT, micros(to))
                        .set(RawSchemas.SOURCE_UPDATED_AT, micros(to)).build());
            }
            Path file = lake.rawFile(SOURCE, entity, date, runId + "-0.parquet");
            new ParquetFiles(lake).writeAtomically(file, schema, rows);
            entities.put(entity, new RunManifest.EntityFiles(from, to, List.of(lake.relative(file)), rows.size(), 0,
                    List.of()));
        });
        new RunManifests(lake).write(new RunManifest(runId, "ingest", SOURCE, to, entities));
        return runId;
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
