package io.sendtime.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.sendtime.lake.Lake;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.source.SecretResolver;

/**
 * The webhook receiver's parts, in the {@code sendtime serve} process only ({@code sendtime.serve.enabled}, which
 * the command sets): the event intake (log, dedup, committer), the endpoints' sender checks from the environment,
 * and the quarantine of refused requests.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
class IngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    Clock ingestClock() {
        return Clock.systemUTC();
    }

    /** The secrets the environment holds, unless the process registered its own ({@code ingestSecrets}: tests, benchmarks). */
    @Bean
    WebhookEndpoints.Senders webhookSenders(ServeSettings settings, Clock ingestClock, KeyedHash keyedHash,
                                            ObjectProvider<SecretResolver> ingestSecrets) {
        SecretResolver secrets = ingestSecrets.getIfAvailable(SecretResolver::environment);
        WebhookEndpoints.Endpoint storefront = endpoint(secrets, "storefront", LoggedEvent.STOREFRONT_EVENTS,
                "sendtime.serve.storefront.secret-env", settings.storefront().secretEnv(), "standard-webhooks", null, ingestClock);
        Map<String, WebhookEndpoints.Endpoint> providers = new LinkedHashMap<>();
        EventIntake.mappings(settings).forEach((name, mapping) -> providers.put(name, endpoint(secrets, name,
                LoggedEvent.EMAIL_EVENTS, "sendtime.serve.esp." + name + ".key-env", mapping.provider().keyEnv(),
                mapping.provider().signature(), mapping, ingestClock)));
        if (providers.values().stream().anyMatch(p -> p.off() == null)) {
            // email events suppress addresses, by keyed hash: without the key the server does not start (fail closed)
            keyedHash.hasher();
        }
        return new WebhookEndpoints.Senders(storefront, providers);
    }

    private static WebhookEndpoints.Endpoint endpoint(SecretResolver secrets, String name, String entity, String property, String env,
                                                      String scheme, EspMapping mapping, Clock clock) {
        if (env == null || env.isBlank()) {
            return new WebhookEndpoints.Endpoint(name, entity, null, mapping, property + " is not set");
        }
        String key = secrets.secret(env).orElse(null);
        if (key == null) {
            log.warn("{} is off: the environment variable {} is not set", name, env);
            return new WebhookEndpoints.Endpoint(name, entity, null, mapping, "the environment variable " + env + " is not set");
        }
        try {
            return new WebhookEndpoints.Endpoint(name, entity, SenderCheck.of(scheme, key, clock, property), mapping, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(env + ": " + e.getMessage());
        }
    }

    @Bean(destroyMethod = "close")
    EventIntake eventIntake(ServeSettings settings, @Value("${sendtime.var-dir}") Path varDir, Lake lake,
                            SuppressionList suppressionList, ErasureLedger erasures, Clock ingestClock) throws IOException {
        return EventIntake.open(settings, varDir, lake, new Suppressions(suppressionList, EventIntake.mappings(settings)),
                erasures::matcher, ingestClock);
    }

    /** The ingestion lag on /metrics (docs/metrics.md). */
    @Bean
    IngestMeters ingestMeters(EventIntake eventIntake, ServeSettings settings, Clock ingestClock) {
        return new IngestMeters(eventIntake, settings.log().capacity().toBytes(), ingestClock);
    }

    @Bean(destroyMethod = "close")
    RefusedRequests refusedRequests(Lake lake, Clock ingestClock) {
        return new RefusedRequests(lake, ingestClock);
    }
}
