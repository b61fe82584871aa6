package io.sendtime.source;

/**
 * {@code sendtime.sources.<name>.auth}. Holds only the NAMES of the environment variables that hold
 * secrets, never a secret, so it is safe to print.
 *
 * @param type            bearer | header | oauth2-client-credentials | none
 * @param headerName      for {@code header}: the header that carries the token, e.g. {@code X-Shopify-Access-Token}
 * @param tokenEnv        for {@code bearer} and {@code header}: the environment variable holding the token
 * @param tokenUrl        for oauth2: the token endpoint (absolute, or relative to base-url)
 * @param clientIdEnv     for oauth2: the environment variable holding the client id
 * @param clientSecretEnv for oauth2: the environment variable holding the client secret
 * @param scope           for oauth2: optional scope sent with the token request
 */
public record AuthDefinition(
        AuthType type,
        String headerName,
        String tokenEnv,
        String tokenUrl,
        String clientIdEnv,
        String clientSecretEnv,
        String scope) {

    public static AuthDefinition none() {
        return new AuthDefinition(AuthType.NONE, null, null, null, null, null, null);
    }

    public static AuthDefinition bearer(String tokenEnv) {
        return new AuthDefinition(AuthType.BEARER, null, tokenEnv, null, null, null, null);
    }

    public static AuthDefinition header(String headerName, String tokenEnv) {
        return new AuthDefinition(AuthType.HEADER, headerName, tokenEnv, null, null, null, null);
    }

    public static AuthDefinition oauth2(String tokenUrl, String clientIdEnv, String clientSecretEnv, String scope) {
        return new AuthDefinition(AuthType.OAUTH2_CLIENT_CREDENTIALS, null, null, tokenUrl, clientIdEnv, clientSecretEnv, scope);
    }
}
