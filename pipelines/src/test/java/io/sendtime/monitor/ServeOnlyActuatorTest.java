package io.sendtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.sendtime.SendtimeApplication;
import io.sendtime.TestApp;

/**
 * The processes of every command but {@code sendtime serve} start without the actuator: no meter registry, no JVM
 * metrics, no health endpoint, no job instrumentation (their startup stays what it was before /metrics existed).
 */
class ServeOnlyActuatorTest {

    @TempDir
    Path dir;

    @Test
    void aJobProcessStartsNoActuator() {
        TestApp.writeTestKey(dir.resolve("privacy.key"));
        try (ConfigurableApplicationContext jobs = new SpringApplicationBuilder(SendtimeApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .run("--sendtime.var-dir=" + dir, "--sendtime.privacy.key-env=SENDTIME_TEST_PRIVACY_KEY_UNSET")) {
            assertThat(jobs.getBeanNamesForType(MeterRegistry.class)).isEmpty();
            assertThat(jobs.getBeanNamesForType(PipelineWatch.class)).isEmpty();
            assertThat(jobs.getBeanDefinitionNames()).filteredOn(name -> !name.contains("io.sendtime"))
                    .noneMatch(name -> name.contains("actuate") || name.contains("health") || name.contains("micrometer")
                            || name.toLowerCase().contains("observation"));
        }
    }

    @Test
    void onlyTheActuatorsAutoConfigurationsAreLeftOut() {
        assertThat(ServeOnlyActuator.serveOnly(
                "org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration")).isTrue();
        assertThat(ServeOnlyActuator.serveOnly(
                "org.springframework.boot.batch.autoconfigure.observation.BatchObservationAutoConfiguration")).isTrue();
        assertThat(ServeOnlyActuator.serveOnly(
                "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")).isTrue();
        assertThat(ServeOnlyActuator.serveOnly("org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration")).isFalse();
        assertThat(ServeOnlyActuator.serveOnly(
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")).isFalse();
    }
}
