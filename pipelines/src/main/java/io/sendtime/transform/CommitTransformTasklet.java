package io.sendtime.transform;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.sendtime.jobs.StepCounters;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;

/**
 * The last step of a transform: publishes the curated manifest (idempotent: a restart rewrites the same
 * one), then records the consumed extract runs in this step's transaction, together with its
 * completion, so a raw run is never curated twice nor marked consumed before its curated files exist.
 */
@Component
public class CommitTransformTasklet implements Tasklet {

    private final JobRepository jobRepository;
    private final CuratedManifests manifests;
    private final ConsumedRuns consumed;

    public CommitTransformTasklet(JobRepository jobRepository, Lake lake, ConsumedRuns consumed) {
        this.jobRepository = jobRepository;
        this.manifests = new CuratedManifests(lake);
        this.consumed = consumed;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        String transformRunId = job.getJobParameters().getString(TransformParameters.TRANSFORM_RUN_ID);
        List<RawRun> runs = TransformParameters.runs(job.getJobParameters());
        Map<String, CuratedManifest.EntityFiles> entities = new LinkedHashMap<>();
        for (Curator curator : TransformJobConfiguration.CURATORS) {
            StepExecution step = jobRepository.getLastStepExecution(job.getJobInstance(),
                    TransformJobConfiguration.stepName(curator));
            if (step == null || step.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException(curator.entity() + " has no completed transform step to commit");
            }
            entities.put(curator.entity(), entityFiles(curator, step));
        }
        Instant committedAt = Instant.now();
        manifests.write(new CuratedManifest(transformRunId, committedAt,
                runs.stream().map(RawRun::toString).toList(), entities));
        consumed.record(runs, transformRunId, committedAt);
        return RepeatStatus.FINISHED;
    }

    static CuratedManifest.EntityFiles entityFiles(Curator curator, StepExecution step) {
        var ctx = step.getExecutionContext();
        return new CuratedManifest.EntityFiles(curator.keyField(),
                StepCounters.split(ctx.getString(CurateEntityTasklet.FILES, "")),
                ctx.getLong(CurateEntityTasklet.WRITTEN, 0), ctx.getLong(CurateEntityTasklet.READ, 0),
                ctx.getLong(CurateEntityTasklet.SUPERSEDED, 0), ctx.getLong(CurateEntityTasklet.QUARANTINED, 0),
                StepCounters.split(ctx.getString(CurateEntityTasklet.QUARANTINE_FILES, "")),
                StepCounters.ruleCounts(ctx));
    }
}
