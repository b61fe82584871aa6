package io.sendtime.transform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import io.sendtime.config.CatalogSettings;
import io.sendtime.jobs.StepCounters;
import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.Lake;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.QuarantineWriter.Rejected;
import io.sendtime.lake.QuarantineWriter;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RejectedRecordException;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;
import io.sendtime.model.LatestVersions;

/**
 * Curates one entity for one transform run: reads exactly the raw files the consumed extract
 * manifests list, curates each record (or quarantines it with the reason), keeps the latest version
 * per key and writes them as one curated Parquet file named after the run, so a rerun of the step
 * replaces rather than duplicates it. Keys given to new contacts or customers are saved in the
 * step's transaction, together with its completion.
 */
final class CurateEntityTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(CurateEntityTasklet.class);

    static final String FILES = "curated.files";
    static final String QUARANTINE_FILES = "curated.quarantineFiles";
    static final String READ = StepCounters.READ;
    static final String WRITTEN = StepCounters.WRITTEN;
    static final String SUPERSEDED = StepCounters.SUPERSEDED;
    static final String QUARANTINED = StepCounters.QUARANTINED;

    private final Curator curator;
    private final Lake lake;
    private final Schema schema;
    private final Identities identities;
    private final TransformSettings settings;
    private final CatalogSettings catalog;
    private final CategoryTaxonomy taxonomy;
    private final KeyedHash keyedHash;

    CurateEntityTasklet(Curator curator, Lake lake, CuratedSchemas schemas, Identities identities,
                        TransformSettings settings, CatalogSettings catalog, CategoryTaxonomy taxonomy,
                        KeyedHash keyedHash) {
        this.keyedHash = keyedHash;
        this.curator = curator;
        this.lake = lake;
        this.schema = schemas.schema(curator.entity());
        this.identities = identities;
        this.settings = settings;
        this.catalog = catalog;
        this.taxonomy = taxonomy;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobParameters parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
        String transformRunId = parameters.getString(TransformParameters.TRANSFORM_RUN_ID);
        CurationContext context = new CurationContext(settings, catalog.currency(), taxonomy, identities::of,
                keyedHash.hasher());
        LatestVersions latest = new LatestVersions(curator.keyField());
        List<Rejected> rejected = new ArrayList<>();
        long[] read = {0};
        ParquetFiles parquet = new ParquetFiles(lake);
        for (String file : rawFiles(TransformParameters.runs(parameters))) {
            parquet.read(lake.path(file), null, raw -> {
                read[0]++;
                try {
                    latest.offer(withLineage(curator.curate(raw, schema, context), raw, transformRunId).build());
                } catch (RejectedRecordException | AvroRuntimeException e) {
                    rejected.add(new Rejected(raw.toString(), e.getMessage()));
                }
            });
        }

        var date = TransformParameters.transformDate(transformRunId);
        List<String> files = new ArrayList<>();
        if (!latest.values().isEmpty()) {
            Path target = lake.curatedFile(curator.entity(), date, transformRunId + ".parquet");
            parquet.writeAtomically(target, schema, latest.values());
            files.add(lake.relative(target));
        }
        List<String> quarantineFiles = new ArrayList<>();
        if (!rejected.isEmpty()) {
            Path target = lake.quarantineFile("transform", curator.source(), curator.entity(), date,
                    transformRunId + ".jsonl");
            new QuarantineWriter(lake).writeAtomically(target, "transform", curator.source(), curator.entity(),
                    transformRunId, Instant.now(), rejected);
            quarantineFiles.add(lake.relative(target));
            log.warn("{}.{}: {} record(s) quarantined in {}", curator.source(), curator.entity(), rejected.size(),
                    lake.relative(target));
        }
        context.newKeys().forEach((system, keys) -> identities.save(system, keys, transformRunId));

        ExecutionContext step = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        step.putString(FILES, StepCounters.join(files));
        step.putString(QUARANTINE_FILES, StepCounters.join(quarantineFiles));
        step.putLong(READ, read[0]);
        step.putLong(WRITTEN, latest.values().size());
        step.putLong(SUPERSEDED, latest.superseded());
        step.putLong(QUARANTINED, rejected.size());
        context.counts().forEach((rule, n) -> step.putLong(StepCounters.RULE_PREFIX + rule, n));
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    /** The committed raw files of this entity's inputs in the consumed runs, in commit order. */
    private List<String> rawFiles(List<RawRun> runs) {
        RunManifests manifests = new RunManifests(lake);
        List<String> files = new ArrayList<>();
        List<TransformSettings.RawInput> inputs = settings.inputsOf(curator);
        for (RawRun run : runs) {
            RunManifest manifest = null;
            for (TransformSettings.RawInput input : inputs) {
                if (!run.source().equals(input.source())) {
                    continue;
                }
                manifest = manifest != null ? manifest : manifests.read(lake.rawManifest(run.source(), run.runId()));
                RunManifest.EntityFiles entity = manifest.entities().get(input.entity());
                if (entity != null) {
                    files.addAll(entity.files());
                }
            }
        }
        return files;
    }

    private static GenericRecordBuilder withLineage(GenericRecordBuilder curated, GenericRecord raw, String transformRunId) {
        return curated
                .set(CuratedSchemas.RAW_RUN_ID, raw.get(RawSchemas.RUN_ID).toString())
                .set(CuratedSchemas.EXTRACTED_AT, raw.get(RawSchemas.EXTRACTED_AT))
                .set(CuratedSchemas.SOURCE_UPDATED_AT, raw.get(RawSchemas.SOURCE_UPDATED_AT))
                .set(CuratedSchemas.TRANSFORM_RUN_ID, transformRunId);
    }

}
