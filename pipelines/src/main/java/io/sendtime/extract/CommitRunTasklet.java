package io.sendtime.extract;

import io.sendtime.source.SourceClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.sendtime.jobs.StepCounters;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * The last step of an extract: publishes the run manifest (exactly the committed files of every
 * entity), then advances each entity's watermark and lookback boundary. The manifest is written first
 * and is idempotent; the watermarks move in this step's transaction, together with the step's
 * completion, so they never get ahead of the data.
 */
@Component
public class CommitRunTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(CommitRunTasklet.class);

    private final JobRepository jobRepository;
    private final Lake lake;
    private final RunManifests manifests;
    private final Watermarks watermarks;
    private final SourceClients sources;
    private final LakeVersions versions;

    public CommitRunTasklet(JobRepository jobRepository, Lake lake, Watermarks watermarks, SourceClients sources,
                            LakeVersions versions) {
        this.jobRepository = jobRepository;
        this.lake = lake;
        this.manifests = new RunManifests(lake);
        this.watermarks = watermarks;
        this.sources = sources;
        this.versions = versions;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        String source = job.getJobParameters().getString("source");
        String runId = job.getJobParameters().getString("runId");
        Map<String, ExecutionContext> steps = lastEntitySteps(job, source);

        Map<String, RunManifest.EntityFiles> entities = new LinkedHashMap<>();
        for (var e : steps.entrySet()) {
            var ctx = e.getValue();
            entities.put(e.getKey(), new RunManifest.EntityFiles(
                    Instant.parse(ctx.getString(ExtractWindows.FROM)), Instant.parse(ctx.getString(ExtractWindows.TO)),
                    StepCounters.split(ctx.getString(RawChunkWriter.FILES, "")), ctx.getLong(RawChunkWriter.WRITTEN, 0),
                    ctx.getLong(RawChunkWriter.QUARANTINED, 0),
                    StepCounters.split(ctx.getString(RawChunkWriter.QUARANTINE_FILES, ""))));
        }
        Instant committedAt = Instant.now();
        manifests.write(new RunManifest(runId, "extract", source, committedAt, entities));

        for (var e : entities.entrySet()) {
            String entity = e.getKey();
            Instant to = e.getValue().to();
            Duration lookback = sources.definition(source).lookbackOf(entity);
            // a run that ends behind the watermark (it took its turn after a run that read further, or it is a
            // backfill) leaves the watermark where it is, but its records in that watermark's band are in the
            // lake too: the boundary gets them, so that the next run skips them as well
            Instant end = watermarks.get(source, entity).map(Watermarks.Watermark::highWatermark)
                    .filter(current -> current.isAfter(to)).orElse(to);
            var boundary = boundary(source, entity, e.getValue().files(), end.minus(lookback));
            if (watermarks.advance(source, entity, to, runId, committedAt, boundary)) {
                log.debug("{}.{}: watermark advanced to {}", source, entity, to);
            }
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * What every entity committed, across restarts of this job instance: its latest completed partition, or its time
     * slices' as one ({@link TimeSlices#merged}).
     */
    private Map<String, ExecutionContext> lastEntitySteps(JobExecution job, String source) {
        Map<String, ExecutionContext> last = new LinkedHashMap<>();
        for (String entity : job.getJobParameters().getString("entities").split(",")) {
            List<ExecutionContext> slices = new ArrayList<>();
            for (StepExecution step : TimeSlices.lastSteps(jobRepository, job.getJobInstance(), entity,
                    sources.definition(source).entity(entity).slices())) {
                if (step == null || step.getStatus() != BatchStatus.COMPLETED) {
                    throw new IllegalStateException("entity " + entity + " has no completed extract step to commit");
                }
                slices.add(step.getExecutionContext());
            }
            last.put(entity, TimeSlices.merged(slices));
        }
        return last;
    }

    /**
     * (id, cursor) of the records in the lookback band [bandStart, watermark): this run's, plus the
     * previous boundary's that are still in the band (they were skipped, not rewritten, this time).
     */
    private Collection<String[]> boundary(String source, String entity, List<String> files, Instant bandStart) {
        long bandMicros = RecordConverter.toMicros(bandStart);
        Map<String, String[]> band = new LinkedHashMap<>();
        for (String key : watermarks.boundary(source, entity)) {
            String[] parts = key.split("\u0000");
            if (Long.parseLong(parts[1]) >= bandMicros) {
                band.put(key, parts);
            }
        }
        band.putAll(versions.in(source, entity, files, bandStart, null));
        return new ArrayList<>(band.values());
    }
}
