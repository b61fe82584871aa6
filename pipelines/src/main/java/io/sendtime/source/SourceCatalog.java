package io.sendtime.source;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import io.sendtime.config.ErrorMessages;

/** The configured REST sources, looked up by name, and the checks that make a bad config fail in one line. */
public class SourceCatalog {

    private static final String PREFIX = "sendtime.sources.";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, SourceDefinition> sources;

    public SourceCatalog(SourcesProperties properties) {
        this.sources = properties.sources();
    }

    /**
     * Binds {@code sendtime.sources} from these property sources (highest precedence first) with what each source
     * takes from its preset ({@link io.sendtime.config.SourcePresets}), as the application's environment has it.
     */
    public static SourceCatalog bind(List<? extends org.springframework.core.env.PropertySource<?>> sources) {
        List<org.springframework.core.env.PropertySource<?>> all = new ArrayList<>(sources);
        all.add(io.sendtime.config.SourcePresets.resolve(sources));
        return bind(new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(all)));
    }

    /**
     * Binds {@code sendtime.sources} from any Spring {@link Binder} (for code and tests that run without
     * an application context), turning a binding failure into a one-line {@link SourceConfigException}.
     */
    public static SourceCatalog bind(Binder binder) {
        try {
            SourcesProperties properties = binder.bind("sendtime", Bindable.of(SourcesProperties.class))
                    .orElseGet(() -> new SourcesProperties(Map.of()));
            return new SourceCatalog(properties);
        } catch (BindException e) {
            Throwable root = ErrorMessages.rootCause(e);
            String property = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
            String value = e.getProperty() != null && !property.toLowerCase().contains("env")
                    ? " '" + e.getProperty().getValue() + "'" : "";
            throw new SourceConfigException(property + value + " is invalid: " + root.getMessage(), e);
        }
    }

    /** Every configured source as written, checked or not (for a check that reports all problems at once). */
    public java.util.Collection<SourceDefinition> definitions() {
        return sources.values();
    }

    /** Source names in configuration order. */
    public Set<String> names() {
        return sources.keySet();
    }

    /**
     * The named source, checked.
     *
     * @throws SourceConfigException when it is not configured or its configuration is invalid
     */
    public SourceDefinition source(String name) {
        SourceDefinition source = sources.get(name);
        if (source == null) {
            throw new SourceConfigException("unknown source '" + name + "' (configured: "
                    + (sources.isEmpty() ? "none" : String.join(", ", sources.keySet())) + ")");
        }
        List<String> problems = problemsOf(source);
        if (!problems.isEmpty()) {
            throw new SourceConfigException(String.join("; ", problems));
        }
        return source;
    }

    /** @throws SourceConfigException listing, on one line, every key to fix across all sources */
    public void validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new SourceConfigException(String.join("; ", problems));
        }
    }

    /** Every configuration problem, one short sentence each, naming the full key. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (sources.isEmpty()) {
            problems.add("sendtime.sources is empty: configure at least one source");
        }
        sources.values().forEach(source -> problems.addAll(problemsOf(source)));
        return problems;
    }

    static List<String> problemsOf(SourceDefinition s) {
        List<String> problems = new ArrayList<>();
        String key = PREFIX + s.name();
        checkBaseUrl(s.baseUrl(), key + ".base-url", problems);
        checkAuth(s.auth(), key + ".auth", problems);
        checkPagination(s.pagination(), key + ".pagination", problems);

        if (!(s.rateLimit().requestsPerSecond() > 0)) {
            problems.add(key + ".rate-limit.requests-per-second must be > 0");
        }
        if (s.rateLimit().burst() < 1) {
            problems.add(key + ".rate-limit.burst must be >= 1");
        }
        RetryDefinition retry = s.retry();
        if (retry.maxAttempts() < 1) {
            problems.add(key + ".retry.max-attempts must be >= 1");
        }
        if (retry.initialBackoff().isNegative() || retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            problems.add(key + ".retry.max-backoff must be >= initial-backoff >= 0");
        }
        if (retry.multiplier() < 1.0) {
            problems.add(key + ".retry.multiplier must be >= 1.0");
        }
        if (retry.jitter() < 0 || retry.jitter() > 1) {
            problems.add(key + ".retry.jitter must be between 0 and 1");
        }
        checkPositive(s.timeouts().connect(), key + ".timeouts.connect", problems);
        checkPositive(s.timeouts().request(), key + ".timeouts.request", problems);
        if (s.lookback().isNegative()) {
            problems.add(key + ".lookback must not be negative");
        }

        if (s.entities().isEmpty()) {
            problems.add(key + ".entities is missing: configure at least one entity");
        }
        s.entities().forEach((name, entity) -> {
            if (entity != null && entity.pagination() != null) {
                checkPagination(entity.pagination(), key + ".entities." + name + ".pagination", problems);
            }
            checkEntity(entity, entity != null && entity.pagination() != null ? entity.pagination() : s.pagination(),
                    key + ".entities." + name, problems);
        });
        return problems;
    }

    private static void checkBaseUrl(String baseUrl, String key, List<String> problems) {
        if (isBlank(baseUrl)) {
            problems.add(key + " is missing");
            return;
        }
        try {
            URI uri = URI.create(baseUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(key + " must be an http(s) URL like http://127.0.0.1:8765, was '" + baseUrl + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add(key + " is not a valid URL: '" + baseUrl + "'");
        }
    }

    private static void checkAuth(AuthDefinition auth, String key, List<String> problems) {
        if (auth == null || auth.type() == null) {
            problems.add(key + ".type is missing (bearer, header, oauth2-client-credentials or none)");
            return;
        }
        switch (auth.type()) {
            case BEARER -> checkEnvName(auth.tokenEnv(), key + ".token-env", problems);
            case HEADER -> {
                if (isBlank(auth.headerName())) {
                    problems.add(key + ".header-name is missing (the header that carries the token)");
                }
                checkEnvName(auth.tokenEnv(), key + ".token-env", problems);
            }
            case OAUTH2_CLIENT_CREDENTIALS -> {
                if (isBlank(auth.tokenUrl())) {
                    problems.add(key + ".token-url is missing");
                }
                checkEnvName(auth.clientIdEnv(), key + ".client-id-env", problems);
                checkEnvName(auth.clientSecretEnv(), key + ".client-secret-env", problems);
            }
            case NONE -> {
            }
        }
    }

    private static void checkEnvName(String envName, String key, List<String> problems) {
        if (isBlank(envName)) {
            problems.add(key + " is missing (the NAME of the environment variable holding the secret)");
        } else if (!ENV_NAME.matcher(envName).matches()) {
            // never echo the value: it may be a secret pasted by mistake
            problems.add(key + " must be the NAME of an environment variable (letters, digits, _), not the secret itself");
        }
    }

    private static void checkPagination(PaginationDefinition p, String key, List<String> problems) {
        if (p == null || p.style() == null) {
            problems.add(key + ".style is missing (cursor-in-body, link-header, offset or graphql)");
            return;
        }
        if (p.pageSize() < 1) {
            problems.add(key + ".page-size must be >= 1");
        }
        if (isBlank(p.limitParam())) {
            problems.add(key + ".limit-param is missing");
        }
        switch (p.style()) {
            case CURSOR_IN_BODY -> {
                if (isBlank(p.nextCursorPath())) {
                    problems.add(key + ".next-cursor-path is missing (where the next cursor is in the body, e.g. paging.next.after)");
                }
                if (isBlank(p.cursorParam())) {
                    problems.add(key + ".cursor-param is missing (the query param the cursor is sent in, e.g. after)");
                }
            }
            case LINK_HEADER -> {
                if (isBlank(p.linkRel())) {
                    problems.add(key + ".link-rel is missing (usually next)");
                }
            }
            case OFFSET -> {
                if (isBlank(p.offsetParam())) {
                    problems.add(key + ".offset-param is missing");
                }
            }
            case GRAPHQL -> {
            }
        }
    }

    private static void checkEntity(EntityDefinition e, PaginationDefinition paging, String key,
                                    List<String> problems) {
        if (e == null) {
            problems.add(key + " is empty: set path, records, id-field and cursor-field");
            return;
        }
        if (isBlank(e.path())) {
            problems.add(key + ".path is missing");
        }
        if (isBlank(e.idField())) {
            problems.add(key + ".id-field is missing");
        }
        if (isBlank(e.cursorField())) {
            problems.add(key + ".cursor-field is missing");
        }
        if (e.pageSize() != null && e.pageSize() < 1) {
            problems.add(key + ".page-size must be >= 1");
        }
        if (e.lookback() != null && e.lookback().isNegative()) {
            problems.add(key + ".lookback must not be negative");
        }
        checkRequest(e, paging, key, problems);
        checkSlices(e, key, problems);
    }

    /** Time slices ask for parts of the window: the requests must carry its upper bound, or every slice reads it all. */
    private static void checkSlices(EntityDefinition e, String key, List<String> problems) {
        if (e.slices() < 1 || e.slices() > MAX_SLICES) {
            problems.add(key + ".slices must be between 1 and " + MAX_SLICES + ", was " + e.slices());
            return;
        }
        try {
            if (e.slices() > 1 && !e.sendsUpperBound(key)) {
                problems.add(key + ".slices needs the requests to carry the window's upper bound: set cursor-max-param,"
                        + " or put ${to} in the body");
            }
        } catch (SourceConfigException bad) {
            // the body's own problem, reported by checkRequest
        }
    }

    /** Time slices of one entity, at most: each is a partition with its own threads and pages in memory. */
    static final int MAX_SLICES = 16;

    private static void checkRequest(EntityDefinition e, PaginationDefinition paging, String key, List<String> problems) {
        if (!e.method().equals("GET") && !e.method().equals("POST")) {
            problems.add(key + ".method must be GET or POST, was '" + e.method() + "'");
        }
        if (e.method().equals("POST") && !e.hasBody()) {
            problems.add(key + ".body is missing: a POST sends a JSON body template");
        }
        boolean graphqlPaging = paging != null && paging.style() == PaginationStyle.GRAPHQL;
        if (graphqlPaging && !e.isGraphql()) {
            problems.add(key + ".query is missing: a graphql source reads each entity with a query document");
        }
        if (e.isGraphql() && !e.records().contains(".")) {
            problems.add(key + ".records must be the path of the connection's nodes, e.g. data.customers.nodes");
        }
        if (e.hasBody()) {
            if (e.method().equals("GET")) {
                problems.add(key + ".body needs method: POST");
            }
            try {
                BodyTemplate body = e.bodyTemplate(key);
                if (paging != null && (paging.style() == PaginationStyle.CURSOR_IN_BODY || graphqlPaging)
                        && !body.uses("cursor")) {
                    problems.add(key + (e.isGraphql() ? ".variables" : ".body")
                            + " must send the page cursor: put \"${cursor}\" where the source expects it");
                }
                if (!body.uses("from") && !body.uses("from.millis") && !body.uses("from.seconds")) {
                    problems.add(key + (e.isGraphql() ? ".variables" : ".body")
                            + " must filter by the window: use ${from}, ${from.millis} or ${from.seconds} (and ${to})");
                }
            } catch (SourceConfigException bad) {
                problems.add(bad.getMessage());
            }
        }
        if (e.resultCap() != null) {
            int pageSize = e.pageSize() != null ? e.pageSize() : paging == null ? 1 : paging.pageSize();
            if (e.resultCap() < pageSize) {
                problems.add(key + ".result-cap must be at least the page size (" + pageSize + ")");
            }
        }
    }

    private static void checkPositive(Duration d, String key, List<String> problems) {
        if (d.isZero() || d.isNegative()) {
            problems.add(key + " must be > 0");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
