package io.sendtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real sendtime application for a test: its own var dir (lake, H2 job repository) under a
 * temp folder, or a PostgreSQL job repository when asked. Close it at the end of the test.
 */
public final class TestApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path varDir;

    private TestApp(Path varDir, Map<String, Object> properties) {
        this.varDir = varDir;
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("sendtime.var-dir", varDir.toString());
        // tests run in pipelines/: the repository's templates are one up
        all.put("sendtime.render.templates", Path.of("..", "templates").toAbsolutePath().normalize().toString());
        // customer keys are keyed hashes: a fixed test key (the expected sample outputs depend on it), never
        // the developer's own SENDTIME_PRIVACY_KEY
        all.put("sendtime.privacy.key-env", "SENDTIME_TEST_PRIVACY_KEY_UNSET");
        // the sample data's money comes in many currencies: convert with the sample rates, as the demo does
        all.put("sendtime.money.exchange-rates", io.sendtime.config.MoneySettings.SAMPLE_RATES);
        writeTestKey(varDir.resolve("privacy.key"));
        all.putAll(properties);
        // as command-line arguments, so they win over application.yaml and the environment
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        this.context = new SpringApplicationBuilder(SendtimeApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args);
    }

    /** The privacy key the tests run with (data-samples/expected was produced with it). */
    public static final String TEST_PRIVACY_KEY = "sendtime-test-privacy-key-not-a-secret";

    /**
     * The customer key the tests' privacy key gives a normalized address or {@code <system>:<id>}, computed here
     * independently of {@link io.sendtime.transform.CustomerKeys}: HMAC-SHA256 of the plain key.
     */
    public static String customerKey(String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(TEST_PRIVACY_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            String plain = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
            return java.util.HexFormat.of().formatHex(mac.doFinal(("customer_key:" + plain)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the test privacy key to {@code file} unless a key is there. */
    public static void writeTestKey(Path file) {
        try {
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
                java.nio.file.Files.writeString(file, TEST_PRIVACY_KEY + "\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static TestApp start(Path varDir, Map<String, Object> properties) {
        return new TestApp(varDir, properties);
    }

    public static TestApp start(Path varDir) {
        return new TestApp(varDir, Map.of());
    }

    /** Whether a PostgreSQL job repository is available (.ci/postgres.sh sets it up for the test command). */
    public static boolean postgresAvailable() {
        return System.getenv("SENDTIME_TEST_POSTGRES_URL") != null;
    }

    /**
     * Properties for a PostgreSQL job repository (see .ci/postgres.sh) in a fresh schema of its own.
     */
    public static Map<String, Object> postgres(String schema) {
        String url = System.getenv("SENDTIME_TEST_POSTGRES_URL");
        try (var c = java.sql.DriverManager.getConnection(url, System.getenv("SENDTIME_TEST_POSTGRES_USER"),
                System.getenv("SENDTIME_TEST_POSTGRES_PASSWORD")); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL schema " + schema + ": " + e.getMessage(), e);
        }
        return Map.of(
                "spring.datasource.url", url + "?currentSchema=" + schema,
                "spring.datasource.username", System.getenv("SENDTIME_TEST_POSTGRES_USER"),
                "spring.datasource.password", System.getenv("SENDTIME_TEST_POSTGRES_PASSWORD"));
    }

    public <T> T get(Class<T> type) {
        return context.getBean(type);
    }

    /** The bean of that name, when there are several of the type (the jobs). */
    public <T> T get(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public Path varDir() {
        return varDir;
    }

    public Path lakeDir() {
        return varDir.resolve("lake");
    }

    @Override
    public void close() {
        context.close();
    }
}
