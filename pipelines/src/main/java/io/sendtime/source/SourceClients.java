package io.sendtime.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;


/**
 * The configured sources and one shared client per source. The demo, tests and benchmarks can point
 * a source at another server and hand in secrets for the process ({@link #override}).
 */
public class SourceClients {

    private final SourceCatalog catalog;
    private volatile SecretResolver secrets;
    private final Map<String, SourceDefinition> overrides = new ConcurrentHashMap<>();
    private final Map<String, RestSourceClient> clients = new ConcurrentHashMap<>();

    public SourceClients(SourceCatalog catalog, SecretResolver secrets) {
        this.catalog = catalog;
        this.secrets = secrets;
    }

    public SourceDefinition definition(String source) {
        SourceDefinition override = overrides.get(source);
        return override != null ? override : catalog.source(source);
    }

    public RestSourceClient client(String source) {
        return clients.computeIfAbsent(source, name -> new RestSourceClient(definition(name), secrets));
    }

    /** Uses {@code definition} for its source from now on (e.g. the demo's in-process sample API). */
    public void override(SourceDefinition definition) {
        overrides.put(definition.name(), definition);
        clients.remove(definition.name());
    }

    public void useSecrets(SecretResolver resolver) {
        this.secrets = resolver;
        clients.clear();
    }

    public SourceCatalog catalog() {
        return catalog;
    }
}
