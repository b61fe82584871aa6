package io.sendtime.extract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import io.sendtime.jobs.StepCounters;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.QuarantineWriter;
import io.sendtime.lake.QuarantineWriter.Rejected;

/**
 * Writes each chunk of pages as one raw Parquet file (and its rejects as one quarantine file), named
 * {@code <run>-<n>}, or {@code <run>-s<slice>-<n>} for a time slice ({@link TimeSlices}), so that a chunk rewritten after a restart replaces, never duplicates, its earlier
 * attempt. What was committed so far travels in the step's execution context.
 */
public class RawChunkWriter implements ItemStreamWriter<ConvertedPage> {

    private static final Logger log = LoggerFactory.getLogger(RawChunkWriter.class);

    static final String SEQUENCE = "writer.sequence";
    static final String FILES = "writer.files";
    static final String QUARANTINE_FILES = "writer.quarantineFiles";
    static final String READ = StepCounters.READ;
    static final String WRITTEN = StepCounters.WRITTEN;
    static final String QUARANTINED = StepCounters.QUARANTINED;
    static final String OUTSIDE = StepCounters.OUTSIDE_WINDOW;
    static final String DUPLICATES = StepCounters.ALREADY_EXTRACTED;
    static final String ERASED = StepCounters.ERASED;
    static final String NEW_FIELDS = "schema.newFields";

    private final Lake lake;
    private final ParquetFiles parquet;
    private final QuarantineWriter quarantine;
    private final Schema schema;
    private final String source;
    private final String entity;
    private final String runId;
    private final String fileStem;
    private final LocalDate ingestDate;

    private int sequence;
    private List<String> files = new ArrayList<>();
    private List<String> quarantineFiles = new ArrayList<>();
    private long read;
    private long written;
    private long quarantined;
    private long outside;
    private long duplicates;
    private long erased;
    private Set<String> newFields = new LinkedHashSet<>();

    public RawChunkWriter(Lake lake, Schema schema, String source, String entity, String runId, LocalDate ingestDate) {
        this(lake, schema, source, entity, runId, 0, ingestDate);
    }

    /** @param slice the time slice this writer's partition reads (1-based), 0 for an entity read whole */
    public RawChunkWriter(Lake lake, Schema schema, String source, String entity, String runId, int slice,
                          LocalDate ingestDate) {
        this.lake = lake;
        this.parquet = new ParquetFiles(lake);
        this.quarantine = new QuarantineWriter(lake);
        this.schema = schema;
        this.source = source;
        this.entity = entity;
        this.runId = runId;
        this.fileStem = slice > 0 ? String.format("%s-s%02d", runId, slice) : runId;
        this.ingestDate = ingestDate;
    }

    @Override
    public void open(ExecutionContext context) {
        sequence = context.getInt(SEQUENCE, 0);
        files = StepCounters.split(context.getString(FILES, ""));
        quarantineFiles = StepCounters.split(context.getString(QUARANTINE_FILES, ""));
        read = context.getLong(READ, 0);
        written = context.getLong(WRITTEN, 0);
        quarantined = context.getLong(QUARANTINED, 0);
        outside = context.getLong(OUTSIDE, 0);
        duplicates = context.getLong(DUPLICATES, 0);
        erased = context.getLong(ERASED, 0);
        newFields = new LinkedHashSet<>(StepCounters.split(context.getString(NEW_FIELDS, "")));
    }

    @Override
    public void write(Chunk<? extends ConvertedPage> chunk) {
        List<GenericRecord> records = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (ConvertedPage page : chunk) {
            records.addAll(page.records());
            rejected.addAll(page.rejected());
            read += page.read();
            outside += page.outsideWindow();
            duplicates += page.alreadyExtracted();
            erased += page.erased();
            for (String field : page.unknownFields()) {
                if (newFields.add(field)) {
                    log.warn("schema drift: {}.{} sends a new field '{}'; kept in _extra until the schema adds it",
                            source, entity, field);
                }
            }
        }
        String name = String.format("%s-%05d", fileStem, sequence);
        if (!records.isEmpty()) {
            Path target = lake.rawFile(source, entity, ingestDate, name + ".parquet");
            parquet.writeRaw(target, schema, records);
            files.add(lake.relative(target));
        }
        if (!rejected.isEmpty()) {
            Path target = lake.quarantineFile("extract", source, entity, ingestDate, name + ".jsonl");
            quarantine.writeAtomically(target, "extract", source, entity, runId, Instant.now(), rejected);
            quarantineFiles.add(lake.relative(target));
            log.warn("{}.{}: {} record(s) quarantined in {}", source, entity, rejected.size(), lake.relative(target));
        }
        written += records.size();
        quarantined += rejected.size();
        sequence++;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(SEQUENCE, sequence);
        context.putString(FILES, StepCounters.join(files));
        context.putString(QUARANTINE_FILES, StepCounters.join(quarantineFiles));
        context.putLong(READ, read);
        context.putLong(WRITTEN, written);
        context.putLong(QUARANTINED, quarantined);
        context.putLong(OUTSIDE, outside);
        context.putLong(DUPLICATES, duplicates);
        context.putLong(ERASED, erased);
        context.putString(NEW_FIELDS, String.join(",", newFields));
    }

}
