package io.sendtime.load;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.extract.Watermarks;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.warehouse.Warehouse;

/**
 * Runs one load: reads the curated manifests the job repository says a transform committed (a manifest
 * written by a transform that then crashed is not trusted until that transform is resumed), and hands
 * them to {@link WarehouseLoader} inside one warehouse write. The result goes to the step's context.
 */
@Component
public class LoadTasklet implements Tasklet {

    static final String FULL_REBUILD = "fullRebuild";
    static final String AS_OF = "asOf";

    private final Warehouse warehouse;
    private final Lake lake;
    private final LoadSettings settings;
    private final JdbcTemplate jobRepository;

    /** Depends on {@link Watermarks}, which creates sendtime's job-repository tables. */
    public LoadTasklet(Warehouse warehouse, Lake lake, LoadSettings settings, DataSource dataSource,
                       Watermarks tablesCreated) {
        this.warehouse = warehouse;
        this.lake = lake;
        this.settings = settings;
        this.jobRepository = new JdbcTemplate(dataSource);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobParameters parameters = contribution.getStepExecution().getJobParameters();
        boolean fullRebuild = Boolean.parseBoolean(parameters.getString(FULL_REBUILD));
        String asOf = parameters.getString(AS_OF);
        List<CuratedManifest> trusted = trustedManifests();
        WarehouseLoader loader = new WarehouseLoader(settings, new CuratedFiles(lake));
        WarehouseLoader.Result result = warehouse.write(LoadJobConfiguration.JOB_NAME,
                h -> loader.load(h, trusted, fullRebuild, asOf == null ? null : Instant.parse(asOf)));
        ExecutionContext context = contribution.getStepExecution().getExecutionContext();
        context.putLong("loadId", result.loadId());
        context.putString("asOf", result.asOf().toString());
        context.putInt("manifests", result.manifests());
        context.put("counts", new LinkedHashMap<>(result.counts()));
        return RepeatStatus.FINISHED;
    }

    private List<CuratedManifest> trustedManifests() {
        Set<String> committed = Set.copyOf(jobRepository.queryForList(
                "SELECT DISTINCT transform_run_id FROM sendtime_transform_consumed", String.class));
        return new CuratedManifests(lake).all().stream()
                .filter(m -> committed.contains(m.transformRunId())).toList();
    }
}
