package io.sendtime.source;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sendtime.sources.*}, bound by Spring. Each definition gets its map key as its name, so a
 * {@link SourceDefinition} always knows which source it is in messages.
 */
@ConfigurationProperties("sendtime")
public record SourcesProperties(Map<String, SourceDefinition> sources) {

    public SourcesProperties {
        Map<String, SourceDefinition> named = new LinkedHashMap<>();
        if (sources != null) {
            sources.forEach((name, definition) -> named.put(name,
                    definition == null ? new SourceDefinition(name, null, null, null, null, null, null, null, null)
                            : definition.withName(name)));
        }
        sources = Collections.unmodifiableMap(named);
    }
}
