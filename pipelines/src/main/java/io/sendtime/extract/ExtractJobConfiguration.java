package io.sendtime.extract;

import io.sendtime.source.SourceClients;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import io.sendtime.lake.Lake;
import io.sendtime.lake.RawSchemas;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.lake.RecordConverter;
import io.sendtime.source.SourceDefinition;
import io.sendtime.jobs.ProcessOwner;

/**
 * The extract job: one partition per entity of a source, or per time slice of an entity read in slices
 * ({@link TimeSlices}), run in parallel, each a chunk-oriented step that reads pages from the source and writes raw
 * Parquet; then {@code commitRun} publishes the
 * run manifest and advances the watermarks in one job-repository transaction.
 */
@Configuration
public class ExtractJobConfiguration {

    public static final String JOB_NAME = "extract";
    static final String ENTITY_STEP = "extractEntity";

    @Bean
    public Job extractJob(JobRepository jobRepository, Step extractEntities, Step commitRun, ProcessOwner processOwner,
                          ExtractTurns turns) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .validator(new ExtractParameters.Validator())
                .listener(processOwner)
                .listener(turns) // after the owner is recorded: an extract waiting here counts as running
                .start(extractEntities)
                .next(commitRun)
                .build();
    }

    @Bean
    public Step extractEntities(JobRepository jobRepository, Step extractEntity, Partitioner entityPartitioner,
                                ExtractSettings settings) {
        var executor = new SimpleAsyncTaskExecutor("extract-");
        executor.setConcurrencyLimit(settings.parallelEntities());
        return new StepBuilder("extractEntities", jobRepository)
                .partitioner(ENTITY_STEP, entityPartitioner)
                .step(extractEntity)
                .taskExecutor(executor)
                .build();
    }

    /** One partition per entity named in the job parameters, one per time slice of an entity read in slices. */
    @Bean
    @StepScope
    public Partitioner entityPartitioner(@Value("#{stepExecution}") StepExecution stepExecution,
                                         ExtractWindows windows, SourceClients clients) {
        return new EntityPartitioner(stepExecution.getJobParameters(), windows, clients);
    }

    @Bean
    public Step extractEntity(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              SourcePageReader<PageInConversion> pageReader, ConvertingChunkWriter chunkWriter,
                              ExtractSettings settings, ExtractProgress progress) {
        // pages start converting as they are fetched, several at once (ParallelPageConversion); written in page order
        return new StepBuilder(ENTITY_STEP, jobRepository)
                .<PageInConversion, PageInConversion>chunk(settings.pagesPerChunk())
                .transactionManager(transactionManager)
                .reader(pageReader)
                .writer(chunkWriter)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public SourcePageReader<PageInConversion> pageReader(@Value("#{jobParameters['source']}") String source,
                                                         @Value("#{stepExecutionContext['entity']}") String entity,
                                                         @Value("#{stepExecution}") StepExecution stepExecution,
                                                         ExtractWindows windows, SourceClients clients,
                                                         ExtractSettings settings,
                                                         ParallelPageConversion pageConversion) {
        // each page starts converting as soon as it is fetched, while the step writes the chunk before it
        return new SourcePageReader<>(clients.client(source), entity, windows.windowOf(stepExecution),
                settings.prefetchPages(), pageConversion.starter());
    }

    /**
     * Converts the entity's pages on {@code sendtime.extract.conversion-threads} threads, each with its own
     * {@link PageConverter} (its own erasure matcher); the step's reader starts them, its writer waits for them.
     */
    @Bean
    @StepScope
    public ParallelPageConversion pageConversion(@Value("#{jobParameters['source']}") String source,
                                                 @Value("#{stepExecutionContext['entity']}") String entity,
                                                 @Value("#{jobParameters['runId']}") String runId,
                                                 @Value("#{stepExecution}") StepExecution stepExecution,
                                                 ExtractWindows windows, SourceClients clients, RawSchemas schemas,
                                                 Watermarks watermarks, LakeVersions versions,
                                                 ErasureLedger erasures, ExtractSettings settings) {
        SourceDefinition definition = clients.definition(source);
        ExtractWindow extractWindow = windows.windowOf(stepExecution);
        Set<String> boundary = alreadyExtracted(source, entity, extractWindow, definition, watermarks, versions);
        var schema = schemas.schema(source, entity);
        return new ParallelPageConversion(settings.conversionThreads(),
                () -> new PageConverter(definition.entity(entity), new RecordConverter(schema), extractWindow, boundary,
                        runId, erasures.matcher()), entity);
    }

    /** Waits for the chunk's pages to be converted, then writes them as one raw file. */
    @Bean
    @StepScope
    public ConvertingChunkWriter chunkWriter(@Value("#{jobParameters['source']}") String source,
                                             @Value("#{stepExecutionContext['entity']}") String entity,
                                             @Value("#{jobParameters['runId']}") String runId,
                                             @Value("#{stepExecutionContext['slice']}") Integer slice,
                                             RawSchemas schemas, Lake lake, ParallelPageConversion pageConversion) {
        return new ConvertingChunkWriter(pageConversion, new RawChunkWriter(lake, schemas.schema(source, entity), source,
                entity, runId, slice == null ? 0 : slice, ingestDate(runId)));
    }

    /**
     * The versions below the previous watermark that the lake already holds and the run is not to write again:
     * the lookback band's (kept with the watermark), and, when the window reaches further back than the band (a
     * run that took its turn after a full refresh read further, a backfill), those of the committed runs there.
     */
    private static Set<String> alreadyExtracted(String source, String entity, ExtractWindow window,
                                                SourceDefinition definition, Watermarks watermarks,
                                                LakeVersions versions) {
        if (window.previousWatermark() == null) {
            return Set.of();
        }
        Set<String> keys = watermarks.boundary(source, entity);
        Instant band = window.previousWatermark().minus(definition.lookbackOf(entity));
        Instant below = band.isBefore(window.to()) ? band : window.to();
        keys.addAll(versions.committed(source, entity, window.from(), below).keySet());
        return keys;
    }

    @Bean
    public Step commitRun(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          CommitRunTasklet commitRunTasklet) {
        return new StepBuilder("commitRun", jobRepository)
                .tasklet(commitRunTasklet, transactionManager)
                .build();
    }

    /** A run's files land in the partition of the day it started, also when it is restarted later. */
    static LocalDate ingestDate(String runId) {
        return LocalDate.ofInstant(ExtractParameters.startedAt(runId), ZoneOffset.UTC);
    }

    static Instant parseInstant(String text) {
        return text == null || text.isEmpty() ? null : Instant.parse(text);
    }
}
