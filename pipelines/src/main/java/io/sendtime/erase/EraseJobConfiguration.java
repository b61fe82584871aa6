package io.sendtime.erase;

import java.util.LinkedHashMap;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.sendtime.jobs.JobRuns;
import io.sendtime.jobs.ProcessOwner;

/**
 * The erasure job: one step that erases one person ({@link Erasure}). Its only parameter is the erasure's id
 * (a keyed hash); who is erased reaches it in memory from {@link EraseService}, never through the job
 * repository. Each step of the erasure commits on its own (the step itself holds no transaction), so a crash
 * leaves every store before or after its step.
 */
@Configuration
public class EraseJobConfiguration {

    static final String STEP_NAME = "erasePerson";

    @Bean
    public Job eraseJob(JobRepository jobRepository, Erasure erasure, PendingErasures pending,
                        ProcessOwner processOwner) {
        Tasklet tasklet = (contribution, chunkContext) -> {
            String erasureId = contribution.getStepExecution().getJobParameters().getString("erasure");
            PendingErasures.Pending p = pending.take(erasureId);
            var removed = erasure.run(erasureId, p.person(), p.reason());
            contribution.getStepExecution().getExecutionContext().put("removed", new LinkedHashMap<>(removed));
            return RepeatStatus.FINISHED;
        };
        return new JobBuilder(JobRuns.ERASE, jobRepository)
                .listener(processOwner)
                .start(new StepBuilder(STEP_NAME, jobRepository)
                        .tasklet(tasklet, new ResourcelessTransactionManager()).build())
                .build();
    }
}
