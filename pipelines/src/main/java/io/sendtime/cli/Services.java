package io.sendtime.cli;

import io.sendtime.config.ConfigDirectory;
import java.util.List;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.sendtime.SendtimeApplication;
import io.sendtime.config.ErrorMessages;

/**
 * Starts the Spring application on first use, with the user's {@code --config} file and any property
 * overrides, so that {@code --help} stays fast: {@link #get} the whole application with Spring Batch and
 * the job repository (commands that run jobs), {@link #read} only the configuration and read models
 * ({@link ReadOnlyApplication}: no Spring Batch, no table creation) for commands that only look.
 */
public final class Services implements AutoCloseable {

    private Path configFile = System.getenv("SENDTIME_CONFIG") == null ? null : Path.of(System.getenv("SENDTIME_CONFIG"));
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;
    private ConfigurableApplicationContext reader;

    void configFile(Path file) {
        this.configFile = file;
    }

    /** A property set for this process only (e.g. by the demo), before the application starts. */
    public void override(String key, Object value) {
        if (context != null || reader != null) {
            throw new IllegalStateException("the application has already started");
        }
        overrides.put(key, value);
    }

    /** A bean of the whole application (Spring Batch, the job repository, every stage). */
    public <T> T get(Class<T> type) {
        return context().getBean(type);
    }

    /** A bean of the read-only application; of the whole one when it already runs. */
    public synchronized <T> T read(Class<T> type) {
        if (context != null) {
            return context.getBean(type);
        }
        if (reader == null) {
            reader = start(ReadOnlyApplication.class);
        }
        return reader.getBean(type);
    }

    public synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            context = start(SendtimeApplication.class);
        }
        return context;
    }

    /**
     * Starts {@code sendtime serve}: the whole application with its embedded web server and the receiver
     * ({@code sendtime.serve.enabled}); {@code secrets}, when given, instead of the environment's (tests, benchmarks).
     */
    public synchronized ConfigurableApplicationContext server(io.sendtime.source.SecretResolver secrets) {
        if (context != null) {
            throw new IllegalStateException("the application has already started");
        }
        overrides.put("spring.main.web-application-type", "servlet");
        overrides.put("sendtime.serve.enabled", "true");
        context = start(SendtimeApplication.class, WebApplicationType.SERVLET, secrets);
        return context;
    }

    private ConfigurableApplicationContext start(Class<?> application) {
        return start(application, WebApplicationType.NONE, null);
    }

    private ConfigurableApplicationContext start(Class<?> application, WebApplicationType web,
                                                 io.sendtime.source.SecretResolver secrets) {
        Map<String, Object> properties = new LinkedHashMap<>(overrides);
        if (configFile != null) {
            if (!Files.isReadable(configFile)) {
                throw new ExitCodes.ConfigurationError("cannot read --config " + configFile, null);
            }
            if (Files.isDirectory(configFile)) {
                // a configuration directory: its YAML files, and its raw schemas and taxonomy (ConfigDirectory)
                System.setProperty(ConfigDirectory.PROPERTY, configFile.toAbsolutePath().toString());
                List<Path> files = ConfigDirectory.yamlFiles(configFile);
                if (!files.isEmpty()) {
                    properties.put("spring.config.additional-location", files.stream()
                            .map(f -> "file:" + f.toAbsolutePath()).collect(java.util.stream.Collectors.joining(",")));
                }
            } else {
                properties.put("spring.config.additional-location", "file:" + configFile.toAbsolutePath());
            }
        }
        try {
            // as command-line arguments: they win over application.yaml, --config and the environment
            String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            SpringApplicationBuilder builder = new SpringApplicationBuilder(application).web(web).logStartupInfo(false);
            if (secrets != null) {
                builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("ingestSecrets", secrets));
            }
            return builder.run(args);
        } catch (RuntimeException e) {
            throw new ExitCodes.ConfigurationError("cannot start: " + ErrorMessages.message(ErrorMessages.rootCause(e)), e);
        }
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
