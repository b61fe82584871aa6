package io.sendtime.load;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

import io.sendtime.config.MoneySettings;
import io.sendtime.jobs.JobFailures;
import io.sendtime.jobs.JobRuns;
import io.sendtime.warehouse.Warehouse;

/**
 * Runs the load job: incremental (the curated manifests not loaded yet) or a full rebuild (all of
 * them). Each call is a new job instance; a failed one changed nothing, so the retry is another call.
 */
@Service
public class LoadService {

    private final JobRuns jobRuns;
    private final Job loadJob;
    private final Warehouse warehouse;
    private final MoneySettings money;

    public LoadService(JobRuns jobRuns, Job loadJob, Warehouse warehouse, MoneySettings money) {
        this.money = money;
        this.jobRuns = jobRuns;
        this.loadJob = loadJob;
        this.warehouse = warehouse;
    }

    /** @param asOf the instant time-relative features are computed at, or null for now */
    public LoadSummary run(boolean fullRebuild, Instant asOf) {
        if (asOf != null && asOf.isAfter(Instant.now().plus(Duration.ofMinutes(1)))) {
            // later loads must move forward from it: a future as_of would hold every later load to that time
            throw new IllegalArgumentException("--as-of " + asOf + " is in the future: features are computed as of"
                    + " a time that has come (leave it out for now)");
        }
        money.read(); // a rates file the load cannot read is refused before the job starts
        jobRuns.refuseWhileRunning(JobRuns.ERASE);
        Instant started = Instant.now();
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(LoadTasklet.FULL_REBUILD, Boolean.toString(fullRebuild), false)
                .addString("requestedAt", started.toString());
        if (asOf != null) {
            parameters.addString(LoadTasklet.AS_OF, asOf.toString(), false);
        }
        JobExecution execution = jobRuns.start(loadJob, parameters.toJobParameters());
        Duration duration = Duration.between(started, Instant.now());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            return new LoadSummary(0, fullRebuild, asOf, 0, Map.of(), duration, warehouse.path(),
                    JobFailures.of(execution));
        }
        StepExecution step = execution.getStepExecutions().iterator().next();
        var context = step.getExecutionContext();
        @SuppressWarnings("unchecked")
        Map<String, Long> counts = (Map<String, Long>) context.get("counts");
        return new LoadSummary(context.getLong("loadId"), fullRebuild, Instant.parse(context.getString("asOf")),
                context.getInt("manifests"), new LinkedHashMap<>(counts), duration, warehouse.path(), null);
    }
}
