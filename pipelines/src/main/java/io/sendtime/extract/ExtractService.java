package io.sendtime.extract;


import io.sendtime.source.SourceClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

import io.sendtime.jobs.JobFailures;
import io.sendtime.jobs.StepCounters;
import io.sendtime.jobs.JobRuns;
import io.sendtime.jobs.Restartable;
import io.sendtime.source.SourceDefinition;

/**
 * Runs the extract job for a source: decides the interval, starts (or resumes) the job instance for
 * it, and summarizes what happened. The CLI, the demo, tests and benchmarks all come through here.
 */
@Service
public class ExtractService implements Restartable {

    /**
     * @param entities empty for all entities of the source
     * @param from     with {@code to}: an explicit interval (Airflow's data interval)
     * @param to       null: now minus the safety lag
     * @param full     re-extract everything up to {@code to}
     */
    /**
     * @param waitForOthers how long to wait for another extract of the same entities to finish (the weekly full refresh and
     *             an hourly run take turns) before refusing; zero refuses at once
     */
    public record ExtractRequest(String source, List<String> entities, Instant from, Instant to, boolean full,
                                 Duration waitForOthers) {

        public ExtractRequest(String source, List<String> entities, Instant from, Instant to, boolean full) {
            this(source, entities, from, to, full, Duration.ZERO);
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExtractService.class);

    private final JobRuns jobRuns;
    private final JobRepository jobRepository;
    private final Job extractJob;
    private final SourceClients sources;
    private final Watermarks watermarks;
    private final ExtractSettings settings;
    private final ExtractTurns turns;
    private final Clock clock;

    public ExtractService(JobRuns jobRuns, JobRepository jobRepository, Job extractJob, SourceClients sources,
                          Watermarks watermarks, ExtractSettings settings, ExtractTurns turns) {
        this.jobRuns = jobRuns;
        this.jobRepository = jobRepository;
        this.extractJob = extractJob;
        this.sources = sources;
        this.watermarks = watermarks;
        this.settings = settings;
        this.turns = turns;
        this.clock = Clock.systemUTC();
    }

    /** How runs are bounded and chunked ({@code sendtime.extract}). */
    public ExtractSettings settings() {
        return settings;
    }

    /** Checks the request against the configuration; throws a one-line error naming what to fix. */
    public ExtractParameters plan(ExtractRequest request) {
        SourceDefinition source = sources.definition(request.source());
        List<String> entities = request.entities().isEmpty() ? List.copyOf(source.entities().keySet())
                : request.entities();
        entities.forEach(source::entity);
        if (request.from() != null && request.to() == null) {
            throw new IllegalArgumentException("--from needs --to: give the whole interval");
        }
        if (request.full() && request.from() != null) {
            throw new IllegalArgumentException("--full reads everything: drop --from");
        }
        Instant to = request.to() != null ? request.to() : clock.instant().minus(settings.safetyLag());
        ExtractParameters.Mode mode = request.full() ? ExtractParameters.Mode.FULL
                : request.from() != null ? ExtractParameters.Mode.INTERVAL : ExtractParameters.Mode.INCREMENTAL;
        return new ExtractParameters(request.source(), entities, request.from(), to, mode);
    }

    public ExtractSummary run(ExtractRequest request) {
        ExtractParameters plan = plan(request);
        jobRuns.refuseWhileRunning(JobRuns.ERASE);
        Instant started = clock.instant();
        JobParameters parameters = new JobParametersBuilder(plan.toJobParameters(started))
                .addString(ExtractTurns.WAIT, request.waitForOthers().toString(), false).toJobParameters();
        turns.waitBeforeStart(plan, jobRepository.getLastJobExecution(ExtractJobConfiguration.JOB_NAME, parameters),
                request.waitForOthers());
        JobRuns.Outcome outcome = jobRuns.startOrResume(extractJob, parameters);
        return outcome.alreadyComplete() ? alreadyComplete(outcome.execution(), started)
                : summarize(outcome.execution(), started);
    }

    /** Resumes a failed, stopped or orphaned execution from its last committed chunk ({@code jobs restart}). */
    @Override
    public ExtractSummary restart(JobExecution execution) {
        Instant started = clock.instant();
        return summarize(jobRuns.resume(execution), started);
    }

    @Override
    public String jobName() {
        return ExtractJobConfiguration.JOB_NAME;
    }

    private ExtractSummary alreadyComplete(JobExecution previous, Instant started) {
        ExtractSummary done = summarize(previous, started);
        return new ExtractSummary(done.source(), done.executionId(), done.runId(), done.outcome(), true,
                Duration.between(started, clock.instant()), done.entities(), null);
    }

    /** The entity's time slices as configured now; 1 for an entity or a source no longer configured. */
    private int sliceCount(String source, String entity) {
        try {
            return sources.definition(source).entity(entity).slices();
        } catch (RuntimeException notConfigured) {
            return 1;
        }
    }

    public ExtractSummary summarize(JobExecution execution, Instant started) {
        JobParameters p = execution.getJobParameters();
        String source = p.getString("source");
        List<ExtractSummary.EntityResult> entities = new ArrayList<>();
        for (String entity : p.getString("entities").split(",")) {
            var ctx = TimeSlices.merged(TimeSlices.lastSteps(jobRepository, execution.getJobInstance(), entity,
                            sliceCount(source, entity)).stream()
                    .map(step -> step == null ? new org.springframework.batch.infrastructure.item.ExecutionContext()
                            : step.getExecutionContext())
                    .toList());
            entities.add(new ExtractSummary.EntityResult(entity,
                    ExtractJobConfiguration.parseInstant(ctx.getString(ExtractWindows.FROM, "")),
                    ExtractJobConfiguration.parseInstant(ctx.getString(ExtractWindows.TO, "")),
                    ctx.getInt(SourcePageReader.PAGES, 0), ctx.getLong(RawChunkWriter.READ, 0),
                    ctx.getLong(RawChunkWriter.WRITTEN, 0), ctx.getLong(RawChunkWriter.QUARANTINED, 0),
                    ctx.getLong(RawChunkWriter.OUTSIDE, 0), ctx.getLong(RawChunkWriter.DUPLICATES, 0),
                    ctx.getLong(RawChunkWriter.ERASED, 0),
                    StepCounters.split(ctx.getString(RawChunkWriter.FILES, "")).size(),
                    StepCounters.split(ctx.getString(RawChunkWriter.NEW_FIELDS, "")),
                    watermarks.get(source, entity).map(Watermarks.Watermark::highWatermark).orElse(null)));
        }
        return new ExtractSummary(source, execution.getId(), p.getString("runId"), execution.getStatus(), false,
                Duration.between(started, clock.instant()), entities, JobFailures.of(execution));
    }
}
