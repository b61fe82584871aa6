package io.sendtime.source;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires {@code sendtime.sources} into a {@link SourceCatalog} and a {@link SourceClients} cache. Secrets
 * come from a {@link SecretResolver} bean when the application defines one (the demo does), else from the
 * process environment.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SourcesProperties.class)
public class SourcesConfiguration {

    @Bean
    public SourceCatalog sourceCatalog(SourcesProperties properties) {
        return new SourceCatalog(properties);
    }

    @Bean
    public SourceClients sourceClients(SourceCatalog catalog, ObjectProvider<SecretResolver> secrets) {
        return new SourceClients(catalog, secrets.getIfAvailable(SecretResolver::environment));
    }
}
