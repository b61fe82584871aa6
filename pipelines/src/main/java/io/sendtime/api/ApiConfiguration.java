package io.sendtime.api;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.sendtime.lake.ExportPublisher;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.source.SecretResolver;

/**
 * The read API's parts, in the {@code sendtime serve} process only: the clients and their access checks, and the
 * published token sets the server follows.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
class ApiConfiguration implements WebMvcConfigurer {

    private final ApiClients clients;

    ApiConfiguration(ApiSettings settings, ObjectProvider<SecretResolver> ingestSecrets, KeyedHash keyedHash) {
        this.clients = new ApiClients(settings, ingestSecrets.getIfAvailable(SecretResolver::environment));
        if (clients.active() > 0) {
            // token sets are checked against the suppression list by keyed hash: without the key the API does not
            // start (fail closed)
            keyedHash.hasher();
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiAccess(clients)).addPathPatterns(ApiAccess.PATHS);
    }

    @Bean
    ApiClientsView apiClients() {
        return new ApiClientsView(clients.active());
    }

    @Bean(destroyMethod = "close")
    PublishedSends publishedSends(ApiSettings settings, @Value("${sendtime.var-dir}") Path varDir, Lake lake,
                                  SuppressionList suppressions, ErasureLedger erasures, KeyedHash keyedHash)
            throws IOException {
        PublishedSends sends = new PublishedSends(new ExportPublisher(lake), new ParquetFiles(lake),
                settings.dir(varDir).resolve("tokens"), suppressions, erasures, keyedHash);
        sends.start(settings.poll());
        return sends;
    }

    /** How many API clients can authenticate, for the status lines. */
    record ApiClientsView(int active) {}
}
