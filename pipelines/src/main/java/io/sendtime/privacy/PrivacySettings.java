package io.sendtime.privacy;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.privacy}: where the key for the keyed hashes of email addresses comes from (the
 * suppression list holds only those). The key is a secret: never written in configuration.
 *
 * @param keyEnv  the environment variable that holds it (default {@code SENDTIME_PRIVACY_KEY})
 * @param keyFile or a file that holds it (a mounted secret), read when the variable is not set
 */
@ConfigurationProperties("sendtime.privacy")
public record PrivacySettings(String keyEnv, Path keyFile) {

    public PrivacySettings {
        keyEnv = keyEnv == null || keyEnv.isBlank() ? "SENDTIME_PRIVACY_KEY" : keyEnv.strip();
    }
}
