package io.sendtime.source;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Looks up a secret by the NAME of the environment variable that holds it. The configuration names
 * variables; only a resolver sees values. Implementations must never print values in toString().
 */
@FunctionalInterface
public interface SecretResolver {

    /** The secret held by {@code envName}, empty when unset or blank. */
    Optional<String> secret(String envName);

    /** Reads the process environment. */
    static SecretResolver environment() {
        return new SecretResolver() {
            @Override
            public Optional<String> secret(String envName) {
                return nonBlank(System.getenv(envName));
            }

            @Override
            public String toString() {
                return "SecretResolver[environment]";
            }
        };
    }

    /** Serves in-process secrets (the demo, tests); toString() shows names only. */
    static SecretResolver of(Map<String, String> secretsByEnvName) {
        Map<String, String> copy = Map.copyOf(secretsByEnvName);
        return new SecretResolver() {
            @Override
            public Optional<String> secret(String envName) {
                return nonBlank(copy.get(envName));
            }

            @Override
            public String toString() {
                return "SecretResolver[names=" + new TreeSet<>(copy.keySet()) + "]";
            }
        };
    }

    /** This resolver, falling back to {@code other} for names it does not know. */
    default SecretResolver orElse(SecretResolver other) {
        SecretResolver first = this;
        return new SecretResolver() {
            @Override
            public Optional<String> secret(String envName) {
                Optional<String> found = first.secret(envName);
                return found.isPresent() ? found : other.secret(envName);
            }

            @Override
            public String toString() {
                return first + ".orElse(" + other + ")";
            }
        };
    }

    /**
     * A secret as shown by {@code config show} and logs: {@code (unset)}, {@code ****} for short values,
     * or {@code ****} and the last four characters for long ones, enough to tell two tokens apart.
     */
    static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "(unset)";
        }
        if (secret.length() < 16) {
            return "****";
        }
        return "****" + secret.substring(secret.length() - 4);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
