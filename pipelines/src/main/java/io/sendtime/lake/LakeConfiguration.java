package io.sendtime.lake;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lake and its schema registry as beans, from {@code sendtime.lake}. */
@Configuration
@EnableConfigurationProperties(LakeConfiguration.LakeSettings.class)
public class LakeConfiguration {

    /**
     * @param uri    any Hadoop FileSystem URI; empty = {@code <var-dir>/lake} on the local disk
     * @param hadoop extra Hadoop configuration
     */
    @ConfigurationProperties("sendtime.lake")
    public record LakeSettings(String uri, Map<String, String> hadoop) {
        public LakeSettings {
            hadoop = hadoop == null ? Map.of() : hadoop;
        }
    }

    @Bean(destroyMethod = "")
    public Lake lake(LakeSettings settings, @Value("${sendtime.var-dir}") String varDir) {
        URI root = settings.uri() == null || settings.uri().isBlank()
                ? Path.of(varDir, "lake").toAbsolutePath().normalize().toUri()
                : URI.create(settings.uri());
        return new Lake(root, settings.hadoop());
    }

    /** Raw schemas of the configured sources: a source made from a preset reads its preset's unless it has its own. */
    @Bean
    public RawSchemas rawSchemas(org.springframework.core.env.ConfigurableEnvironment environment) {
        List<org.springframework.core.env.PropertySource<?>> sources = new java.util.ArrayList<>();
        environment.getPropertySources().forEach(sources::add);
        return new RawSchemas(io.sendtime.config.SourcePresets.presetOfSources(sources)::get);
    }
}
