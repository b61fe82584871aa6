package io.sendtime.source;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sendtime.sources.<name>}: everything needed to read a REST source. A new source needs only
 * this configuration. Optional blocks fall back to defaults; {@link SourceCatalog#validate()} reports
 * what is missing or invalid.
 *
 * @param name       the key under {@code sendtime.sources}; filled in by {@link SourcesProperties}
 * @param baseUrl    e.g. {@code http://127.0.0.1:8765}
 * @param auth       how to authenticate
 * @param pagination how to walk pages
 * @param rateLimit  client-side limit shared by all users of the source
 * @param retry      what to do on 429, 5xx, dropped connections, timeouts, bad bodies
 * @param timeouts   connect and per-request timeouts
 * @param lookback   how far before the watermark the extract re-reads (default 5m)
 * @param entities   the endpoints, by entity name
 */
public record SourceDefinition(
        String name,
        String baseUrl,
        AuthDefinition auth,
        PaginationDefinition pagination,
        RateLimitDefinition rateLimit,
        RetryDefinition retry,
        TimeoutsDefinition timeouts,
        Duration lookback,
        Map<String, EntityDefinition> entities) {

    public SourceDefinition {
        rateLimit = rateLimit == null ? RateLimitDefinition.defaults() : rateLimit;
        retry = retry == null ? RetryDefinition.defaults() : retry;
        timeouts = timeouts == null ? TimeoutsDefinition.defaults() : timeouts;
        lookback = lookback == null ? Duration.ofMinutes(5) : lookback;
        entities = entities == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entities));
    }

    /** The same definition under another name (the binder does not know the map key). */
    public SourceDefinition withName(String newName) {
        return new SourceDefinition(newName, baseUrl, auth, pagination, rateLimit, retry, timeouts, lookback, entities);
    }

    /** The same definition pointing at another base URL (the demo points sources at its own server). */
    public SourceDefinition withBaseUrl(String newBaseUrl) {
        return new SourceDefinition(name, newBaseUrl, auth, pagination, rateLimit, retry, timeouts, lookback, entities);
    }

    /** The same definition with another retry policy (tests use short backoffs). */
    public SourceDefinition withRetry(RetryDefinition newRetry) {
        return new SourceDefinition(name, baseUrl, auth, pagination, rateLimit, newRetry, timeouts, lookback, entities);
    }

    /** @throws SourceConfigException naming the configured entities when {@code entity} is not one of them */
    public EntityDefinition entity(String entity) {
        EntityDefinition definition = entities.get(entity);
        if (definition == null) {
            throw new SourceConfigException("source '" + name + "' has no entity '" + entity + "' (entities: "
                    + String.join(", ", entities.keySet()) + ")");
        }
        return definition;
    }

    /** The entity's page size, or its own paging's, or the source's. */
    public int pageSizeOf(String entity) {
        Integer override = entity(entity).pageSize();
        return override != null ? override : paginationOf(entity).pageSize();
    }

    /** How the entity pages: its own {@code pagination}, or the source's. */
    public PaginationDefinition paginationOf(String entity) {
        PaginationDefinition own = entity(entity).pagination();
        return own != null ? own : pagination;
    }

    /** The entity's lookback, or the source's. */
    public Duration lookbackOf(String entity) {
        Duration override = entity(entity).lookback();
        return override != null ? override : lookback;
    }
}
