package io.sendtime.transform;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.sendtime.jobs.ProcessOwner;
import io.sendtime.config.CatalogSettings;
import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.Lake;
import io.sendtime.privacy.KeyedHash;

/**
 * The transform job: one step per curated entity, in an order that gives contacts and customers their
 * keys before the records that refer to them are curated, then {@code commitTransform} publishes the
 * curated manifest and records the consumed extract runs in one job-repository transaction.
 */
@Configuration
public class TransformJobConfiguration {

    public static final String JOB_NAME = "transform";

    /** Contacts and customers first: they give the customer keys the others look up. */
    static final List<Curator> CURATORS = List.of(new ContactCurator(), new CustomerCurator(),
            new SubscriptionCurator(), new ProductCurator(), new ProductPriceCurator(), new OrderCurator(), new CheckoutCurator(),
            new StorefrontEventCurator(), new EmailEventCurator());

    /** The curated entities, in the order they are curated. */
    public static List<String> curatedEntities() {
        return CURATORS.stream().map(Curator::entity).toList();
    }

    static String stepName(Curator curator) {
        return "curate:" + curator.entity();
    }

    @Bean
    public Job transformJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, Lake lake,
                            CuratedSchemas curatedSchemas, Identities identities, TransformSettings settings, CatalogSettings catalog,
                            CategoryTaxonomy categoryTaxonomy, Step commitTransform, ProcessOwner processOwner,
                            KeyedHash keyedHash) {
        SimpleJobBuilder job = null;
        for (Curator curator : CURATORS) {
            Step step = new StepBuilder(stepName(curator), jobRepository)
                    .tasklet(new CurateEntityTasklet(curator, lake, curatedSchemas, identities, settings,
                            catalog, categoryTaxonomy, keyedHash), transactionManager)
                    .build();
            job = job == null ? new JobBuilder(JOB_NAME, jobRepository)
                    .validator(new TransformParameters.Validator())
                    .listener(processOwner)
                    .start(step) : job.next(step);
        }
        return job.next(commitTransform).build();
    }

    @Bean
    public Step commitTransform(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                CommitTransformTasklet commitTransformTasklet) {
        return new StepBuilder("commitTransform", jobRepository)
                .tasklet(commitTransformTasklet, transactionManager)
                .build();
    }

    @Bean
    public CuratedSchemas curatedSchemas() {
        return new CuratedSchemas();
    }

    @Bean
    public CategoryTaxonomy categoryTaxonomy() {
        return CategoryTaxonomy.load();
    }
}
