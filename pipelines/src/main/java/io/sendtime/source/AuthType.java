package io.sendtime.source;

/** How a source authenticates; written in YAML as {@code bearer}, {@code header}, {@code oauth2-client-credentials} or {@code none}. */
public enum AuthType {
    BEARER, HEADER, OAUTH2_CLIENT_CREDENTIALS, NONE;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
