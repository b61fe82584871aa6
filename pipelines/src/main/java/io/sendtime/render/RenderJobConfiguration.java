package io.sendtime.render;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.sendtime.jobs.ProcessOwner;

/**
 * The render job: one step whose tasklet renders one send ({@link SendRender}) in one DuckDB
 * transaction, then publishes its export. Each render is a job instance of its own in the job
 * repository (campaign, send id and send time as parameters), so `jobs list` shows every send's renders.
 */
@Configuration
public class RenderJobConfiguration {

    public static final String JOB_NAME = "render";
    static final String STEP_NAME = "renderSend";

    @Bean
    public Job renderJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                         SendRender sendRender, ProcessOwner processOwner) {
        Tasklet tasklet = (contribution, chunkContext) -> {
            var parameters = contribution.getStepExecution().getJobParameters();
            RenderSummary summary = sendRender.render(RenderService.RenderRequest.from(parameters));
            var context = contribution.getStepExecution().getExecutionContext();
            context.putString("export", summary.export().toString());
            context.putLong("rendered", summary.rendered());
            context.putLong("audience", summary.audience());
            contribution.incrementWriteCount(summary.rendered());
            return RepeatStatus.FINISHED;
        };
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(processOwner)
                .start(new StepBuilder(STEP_NAME, jobRepository).tasklet(tasklet, transactionManager).build())
                .build();
    }
}
