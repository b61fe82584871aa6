package io.sendtime.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Component;

import io.sendtime.lake.Lake;

/**
 * The configuration sendtime actually runs with: every {@code sendtime.*} and job-repository setting
 * after defaults, the --config file and the environment are applied, with secrets masked. Secrets are
 * referenced by environment-variable name in configuration; for those, only whether they are set shows.
 */
@Component
public class EffectiveConfig {

    /** A setting whose value is a secret: its last name part holds one of these words, in any case or separator. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|key)[a-z0-9_-]*(?<!-env)$");
    /** User info in a URL ({@code https://user:password@host}), and secrets in a JDBC or query string. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:password|passwd|secret|token|key|credential|auth)[a-z_-]*=)[^;&\\s]*");
    private static final String LAKE_URI = "sendtime.lake.uri";
    private static final Pattern ENV_REFERENCE = Pattern.compile("(?i).*-env$");

    private final ConfigurableEnvironment environment;
    private final ObjectProvider<Lake> lake;

    public EffectiveConfig(ConfigurableEnvironment environment, ObjectProvider<Lake> lake) {
        this.environment = environment;
        this.lake = lake;
    }

    public Map<String, String> entries() {
        Map<String, String> out = new TreeMap<>();
        for (var source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String key : enumerable.getPropertyNames()) {
                if (!(key.startsWith("sendtime.") || key.startsWith("spring.datasource.")) || out.containsKey(key)) {
                    continue;
                }
                String value;
                try {
                    value = environment.getProperty(key);
                } catch (RuntimeException unresolvable) {
                    value = String.valueOf(enumerable.getProperty(key));
                }
                out.put(key, display(key, value));
            }
        }
        Lake root = lake.getIfAvailable();
        if (root != null && (out.get(LAKE_URI) == null || out.get(LAKE_URI).isEmpty())) {
            // unset means <var-dir>/lake: say where that is
            out.put(LAKE_URI, root.root() + "  (default: <var-dir>/lake)");
        }
        return out;
    }

    static String display(String key, String value) {
        if (value == null) {
            return "";
        }
        if (ENV_REFERENCE.matcher(key).matches()) {
            boolean set = System.getenv(value) != null && !System.getenv(value).isEmpty();
            return value + (set ? "  (set: ****)" : "  (not set)");
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return value.isEmpty() ? "" : "****";
        }
        // URLs (a source's base-url, the job repository's JDBC URL) can carry user info and secret parameters
        return SECRET_PARAMETER.matcher(URL_USER_INFO.matcher(value).replaceAll("$1****@")).replaceAll("$1****");
    }
}
