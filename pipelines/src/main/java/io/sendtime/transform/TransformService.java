package io.sendtime.transform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

import io.sendtime.jobs.JobFailures;
import io.sendtime.jobs.JobRuns;
import io.sendtime.jobs.JobSummary;
import io.sendtime.jobs.Restartable;
import io.sendtime.lake.Lake;
import io.sendtime.privacy.KeyScheme;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * Runs the transform: first resumes an unfinished earlier transform (so its extract runs are never
 * picked up a second time), then curates every committed extract run no transform has consumed yet,
 * in batches of {@code sendtime.transform.max-runs-per-job} (and {@code max-ingest-runs-per-job} runs of
 * {@code sendtime serve}). The CLI, the demo and tests come through here.
 */
@Service
public class TransformService implements Restartable {

    private final JobRuns jobRuns;
    private final JobRepository jobRepository;
    private final Job transformJob;
    private final Lake lake;
    private final ConsumedRuns consumed;
    private final TransformSettings settings;
    private final Clock clock = Clock.systemUTC();

    private final KeyedHash keyedHash;
    private final KeyScheme keyScheme;

    public TransformService(JobRuns jobRuns, JobRepository jobRepository, Job transformJob, Lake lake,
                            ConsumedRuns consumed, TransformSettings settings, KeyedHash keyedHash, KeyScheme keyScheme) {
        this.keyedHash = keyedHash;
        this.keyScheme = keyScheme;
        this.jobRuns = jobRuns;
        this.jobRepository = jobRepository;
        this.transformJob = transformJob;
        this.lake = lake;
        this.consumed = consumed;
        this.settings = settings;
    }

    /**
     * The manifests of the committed runs no transform has consumed yet, oldest commit first (a consumed run's manifest
     * is not read: its id is its file name).
     */
    private List<RunManifest> pending() {
        Set<String> done = consumed.all();
        Set<String> sources = new LinkedHashSet<>();
        TransformJobConfiguration.CURATORS.forEach(c -> settings.inputsOf(c).forEach(i -> sources.add(i.source())));
        List<RunManifest> manifests = new ArrayList<>();
        RunManifests raw = new RunManifests(lake);
        sources.forEach(source -> manifests.addAll(raw.all(source,
                runId -> !done.contains(new RawRun(source, runId).toString()))));
        manifests.sort(Comparator.comparing(RunManifest::committedAt).thenComparing(RunManifest::runId));
        return manifests;
    }

    /**
     * The oldest pending runs one job takes, in commit order: at most {@code max-runs-per-job} extract runs and
     * {@code max-ingest-runs-per-job} runs of {@code sendtime serve} (each a minute of events); it stops at the first
     * run past its bound, so a later run never goes before an earlier one.
     */
    private List<RawRun> nextJob(List<RunManifest> pending) {
        List<RawRun> job = new ArrayList<>();
        int extracts = 0;
        int ingests = 0;
        for (RunManifest run : pending) {
            if (run.isIngest() ? ++ingests > settings.maxIngestRunsPerJob() : ++extracts > settings.maxRunsPerJob()) {
                break;
            }
            job.add(new RawRun(run.source(), run.runId()));
        }
        return job;
    }

    public TransformSummary run() {
        settings.checkInputs(TransformJobConfiguration.curatedEntities());
        jobRuns.refuseWhileRunning(JobRuns.ERASE);
        keyedHash.hasher(); // customer keys are keyed hashes: without the privacy key the transform does not start
        keyScheme.requireKeyed(); // and an install with plain keys is re-keyed first
        Instant started = clock.instant();
        List<TransformSummary.RunResult> runs = new ArrayList<>();
        JobExecution unfinished = jobRuns.unfinished(TransformJobConfiguration.JOB_NAME);
        if (unfinished != null) {
            runs.add(summarize(jobRuns.resume(unfinished), true));
        }
        List<RunManifest> pending = pending();
        while (!pending.isEmpty() && runs.stream().allMatch(r -> r.outcome() == BatchStatus.COMPLETED)) {
            runs.add(summarize(jobRuns.start(transformJob, TransformParameters.of(nextJob(pending), clock.instant())),
                    false));
            pending = pending();
        }
        return new TransformSummary(runs, pending.size(), Duration.between(started, clock.instant()));
    }

    /**
     * {@code jobs restart} of a transform is refused: {@link #run} resumes the unfinished transform before it
     * takes new input, so its extract runs are never picked up twice (docs/transform.md).
     */
    @Override
    public JobSummary restart(JobExecution execution) {
        throw new IllegalArgumentException("a transform resumes itself: run 'sendtime run transform'");
    }

    @Override
    public String jobName() {
        return TransformJobConfiguration.JOB_NAME;
    }

    private TransformSummary.RunResult summarize(JobExecution execution, boolean resumed) {
        List<TransformSummary.EntityResult> entities = new ArrayList<>();
        for (Curator curator : TransformJobConfiguration.CURATORS) {
            StepExecution step = jobRepository.getLastStepExecution(execution.getJobInstance(),
                    TransformJobConfiguration.stepName(curator));
            if (step == null) {
                continue;
            }
            var files = CommitTransformTasklet.entityFiles(curator, step);
            entities.add(new TransformSummary.EntityResult(curator.entity(), files.read(), files.records(),
                    files.superseded(), files.quarantined(), files.counts()));
        }
        var p = execution.getJobParameters();
        return new TransformSummary.RunResult(execution.getId(), p.getString(TransformParameters.TRANSFORM_RUN_ID),
                execution.getStatus(), resumed, TransformParameters.runs(p).stream().map(RawRun::toString).toList(),
                entities, JobFailures.of(execution));
    }
}
