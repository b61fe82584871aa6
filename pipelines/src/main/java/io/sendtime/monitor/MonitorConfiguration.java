package io.sendtime.monitor;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.sendtime.lake.Lake;

/**
 * {@code sendtime serve}'s view of the jobs (docs/metrics.md), in that process only: the watch that reads the job
 * repository and the lake, the job and data-age series on {@code /metrics}, and {@code publishedData}, the readiness
 * part of {@code /health}. Never the warehouse: a reader there makes a starting load or render fail on DuckDB's lock.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
class MonitorConfiguration {

    @Bean
    PipelineMeters pipelineMeters() {
        return new PipelineMeters(Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    PipelineWatch pipelineWatch(DataSource dataSource, JobRepository jobRepository, Lake lake, HealthSettings settings,
                                PipelineMeters pipelineMeters) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        return new PipelineWatch(new LastRuns(named, jobRepository), new DataAges(named, lake), settings,
                pipelineMeters::update, Clock.systemUTC());
    }

    /** {@code /health}'s {@code publishedData} component, in the readiness group (application.yaml). */
    @Bean
    PublishedDataHealth publishedData(PipelineWatch pipelineWatch, HealthSettings settings) {
        return new PublishedDataHealth(pipelineWatch, settings, Clock.systemUTC());
    }
}
