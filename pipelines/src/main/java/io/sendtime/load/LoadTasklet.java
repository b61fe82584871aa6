package io.sendtime.load;

import java.time.Instant;
import java.util.LinkedHashMap;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.stereotype.Component;

import io.sendtime.config.ConsentSettings;
import io.sendtime.config.MoneySettings;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.warehouse.Warehouse;

/**
 * Runs one load: reads the curated manifests the job repository says a transform or a compaction
 * committed ({@link CuratedCatalog}: a manifest written by a transform that then crashed is not trusted
 * until that transform is resumed), and hands them to {@link WarehouseLoader} inside one warehouse
 * write. The result goes to the step's context.
 */
@Component
public class LoadTasklet implements Tasklet {

    static final String FULL_REBUILD = "fullRebuild";
    static final String AS_OF = "asOf";

    private final Warehouse warehouse;
    private final Lake lake;
    private final LoadSettings settings;
    private final ConsentSettings consent;
    private final CuratedCatalog catalog;
    private final MoneySettings money;

    public LoadTasklet(Warehouse warehouse, Lake lake, LoadSettings settings, ConsentSettings consent,
                       CuratedCatalog catalog, MoneySettings money) {
        this.money = money;
        this.consent = consent;
        this.warehouse = warehouse;
        this.lake = lake;
        this.settings = settings;
        this.catalog = catalog;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobParameters parameters = contribution.getStepExecution().getJobParameters();
        boolean fullRebuild = Boolean.parseBoolean(parameters.getString(FULL_REBUILD));
        String asOf = parameters.getString(AS_OF);
        CuratedCatalog.Snapshot curated = catalog.snapshot();
        ProfileSnapshots snapshots = new ProfileSnapshots(lake);
        WarehouseLoader loader = new WarehouseLoader(settings, consent, new CuratedFiles(lake), money.read())
                .publishingProfiles(snapshots);
        WarehouseLoader.Result result = warehouse.write(LoadJobConfiguration.JOB_NAME,
                h -> loader.load(h, curated, fullRebuild, asOf == null ? null : Instant.parse(asOf)));
        result.publishProfiles(snapshots); // the pointer last: a crash before it leaves the previous snapshot current
        ExecutionContext context = contribution.getStepExecution().getExecutionContext();
        context.putLong("loadId", result.loadId());
        context.putString("asOf", result.asOf().toString());
        context.putInt("manifests", result.manifests());
        context.put("counts", new LinkedHashMap<>(result.counts()));
        return RepeatStatus.FINISHED;
    }
}
