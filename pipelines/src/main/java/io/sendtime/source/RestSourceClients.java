package io.sendtime.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One shared {@link RestSourceClient} per configured source, created on first use. Thread-safe. */
public class RestSourceClients {

    private final SourceCatalog catalog;
    private final SecretResolver secrets;
    private final Map<String, RestSourceClient> clients = new ConcurrentHashMap<>();

    public RestSourceClients(SourceCatalog catalog, SecretResolver secrets) {
        this.catalog = catalog;
        this.secrets = secrets;
    }

    /** @throws SourceConfigException when the source is unknown or its configuration is invalid */
    public RestSourceClient client(String source) {
        return clients.computeIfAbsent(source, name -> new RestSourceClient(catalog.source(name), secrets));
    }

    public SourceCatalog catalog() {
        return catalog;
    }
}
