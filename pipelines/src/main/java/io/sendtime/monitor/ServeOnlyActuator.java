package io.sendtime.monitor;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out the actuator's, Micrometer's and the health endpoint's auto-configurations in every process but
 * {@code sendtime serve} ({@code sendtime.serve.enabled}): a job, a {@code jobs} or {@code privacy} command registers
 * no meter, binds no JVM metrics, instruments no job and builds no health contributor it would never show. Registered
 * in {@code META-INF/spring.factories}.
 */
public final class ServeOnlyActuator implements AutoConfigurationImportFilter, EnvironmentAware {

    /** The packages (Spring Boot 4's modules) whose auto-configurations only the server needs. */
    private static final List<String> SERVE_ONLY = List.of(
            "org.springframework.boot.actuate.", "org.springframework.boot.micrometer.", "org.springframework.boot.health.");
    /** Actuator parts that other modules (jdbc, batch, tomcat, webmvc, servlet) carry in sub-packages of their own. */
    private static final List<String> SERVE_ONLY_PARTS = List.of(".actuate.", ".metrics.", ".health.", ".observation.");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean serve = environment != null && environment.getProperty("sendtime.serve.enabled", Boolean.class, false);
        boolean[] keep = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = serve || autoConfigurationClasses[i] == null || !serveOnly(autoConfigurationClasses[i]);
        }
        return keep;
    }

    static boolean serveOnly(String autoConfiguration) {
        return autoConfiguration.startsWith("org.springframework.boot.")
                && (SERVE_ONLY.stream().anyMatch(autoConfiguration::startsWith)
                || SERVE_ONLY_PARTS.stream().anyMatch(autoConfiguration::contains)
                || autoConfiguration.endsWith("ObservationAutoConfiguration"));
    }
}
