package io.sendtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.sendtime.SendtimeApplication;

/**
 * Starts the Spring application on first use, with the user's {@code --config} file and any property
 * overrides, so that {@code --help} and commands that need no jobs stay fast.
 */
public final class Services implements AutoCloseable {

    private Path configFile = System.getenv("SENDTIME_CONFIG") == null ? null : Path.of(System.getenv("SENDTIME_CONFIG"));
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;

    void configFile(Path file) {
        this.configFile = file;
    }

    /** A property set for this process only (e.g. by the demo), before the application starts. */
    public void override(String key, Object value) {
        if (context != null) {
            throw new IllegalStateException("the application has already started");
        }
        overrides.put(key, value);
    }

    public <T> T get(Class<T> type) {
        return context().getBean(type);
    }

    public synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            Map<String, Object> properties = new LinkedHashMap<>(overrides);
            if (configFile != null) {
                if (!Files.isReadable(configFile)) {
                    throw new ExitCodes.ConfigurationError("cannot read --config " + configFile, null);
                }
                properties.put("spring.config.additional-location", "file:" + configFile.toAbsolutePath());
            }
            try {
                // as command-line arguments: they win over application.yaml, --config and the environment
                String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                context = new SpringApplicationBuilder(SendtimeApplication.class)
                        .web(WebApplicationType.NONE)
                        .logStartupInfo(false)
                        .run(args);
            } catch (RuntimeException e) {
                throw new ExitCodes.ConfigurationError("cannot start: " + rootMessage(e), e);
            }
        }
        return context;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
