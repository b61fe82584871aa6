package io.sendtime.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.sendtime.model.Emails;

/**
 * Keyed hashes (HMAC-SHA256) of normalized email addresses, with the privacy key ({@link PrivacySettings}):
 * what the suppression list holds instead of addresses. Without the key no hash can be made, and whoever
 * holds only the hashes cannot tell whose addresses they are.
 */
@Component
public class KeyedHash {

    /** The privacy key is not set: what needs it refuses in one line (exit 2). */
    public static final class KeyMissing extends IllegalArgumentException {
        KeyMissing(String message) {
            super(message);
        }
    }

    private final PrivacySettings settings;

    public KeyedHash(PrivacySettings settings) {
        this.settings = settings;
    }

    /** The keyed hash of {@code email} as sendtime normalizes it (lowercase hex); null for no address. */
    public String of(String email) {
        return hasher().apply(email);
    }

    /**
     * A hasher for many addresses on one thread: the key is read and the MAC set up once.
     *
     * @throws KeyMissing without the key
     */
    public Function<String, String> hasher() {
        Mac mac = mac();
        return email -> {
            String normalized = Emails.normalize(email);
            return normalized == null ? null
                    : HexFormat.of().formatHex(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
        };
    }

    /**
     * Whether an address (or identifier) is among {@code hashes}, for one thread: by its keyed hash, and by the
     * keyed hash of the form it had before internationalized domains were normalized to ASCII
     * ({@link Emails#earlierForm}), so an entry recorded then still matches (a suppression or an erasure never
     * lapses through a normalization change).
     */
    public java.util.function.Predicate<String> matcher(java.util.Set<String> hashes) {
        Function<String, String> keyed = hasher();
        Mac mac = mac();
        return id -> {
            if (id == null) {
                return false;
            }
            if (hashes.contains(keyed.apply(id))) {
                return true;
            }
            String earlier = Emails.earlierForm(id);
            return earlier != null && !earlier.equals(Emails.normalize(id))
                    && hashes.contains(HexFormat.of().formatHex(mac.doFinal(earlier.getBytes(StandardCharsets.UTF_8))));
        };
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /**
     * Writes a new random key into the key file when no key is set at all (the demo's runtime directory: a
     * deployment sets its own); returns whether it did.
     */
    public boolean generateIfMissing() {
        String env = System.getenv(settings.keyEnv());
        if ((env != null && !env.isBlank()) || settings.keyFile() == null || Files.exists(settings.keyFile())) {
            return false;
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        try {
            Files.createDirectories(settings.keyFile().toAbsolutePath().getParent());
            Path partial = settings.keyFile().resolveSibling(settings.keyFile().getFileName() + ".partial");
            Files.writeString(partial, HexFormat.of().formatHex(random) + "\n");
            try {
                Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions: the directory's permissions protect it
            }
            Files.move(partial, settings.keyFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KeyMissing("cannot write a privacy key to " + settings.keyFile() + ": " + e.getMessage());
        }
        return true;
    }

    private byte[] key() {
        String value = System.getenv(settings.keyEnv());
        if ((value == null || value.isBlank()) && settings.keyFile() != null && Files.isReadable(settings.keyFile())) {
            try {
                value = Files.readString(settings.keyFile()).strip();
            } catch (IOException e) {
                throw new KeyMissing("cannot read sendtime.privacy.key-file " + settings.keyFile() + ": " + e.getMessage());
            }
        }
        if (value == null || value.length() < 16) {
            throw new KeyMissing("the privacy key is not set: put a secret of at least 16 characters in "
                    + settings.keyEnv() + " (or in the file " + (settings.keyFile() == null ? "named by sendtime.privacy.key-file"
                    : settings.keyFile() + ", sendtime.privacy.key-file") + ")");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
