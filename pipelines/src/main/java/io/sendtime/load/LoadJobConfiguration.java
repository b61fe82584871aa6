package io.sendtime.load;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.sendtime.jobs.ProcessOwner;

/**
 * The load job: one step whose tasklet runs the whole load in one DuckDB transaction
 * ({@link LoadTasklet}). A failed load leaves the warehouse as it was; running it again is the retry.
 */
@Configuration
public class LoadJobConfiguration {

    public static final String JOB_NAME = "load";
    static final String STEP_NAME = "loadWarehouse";

    @Bean
    public Job loadJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                       LoadTasklet loadTasklet, ProcessOwner processOwner) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(processOwner)
                .start(new StepBuilder(STEP_NAME, jobRepository).tasklet(loadTasklet, transactionManager).build())
                .build();
    }
}
