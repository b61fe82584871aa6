package io.sendtime.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.sendtime.privacy.KeyedHash;

/**
 * The audit log of profile reads, {@code <var>/audit/profile-reads.jsonl}, append-only: one JSON line per
 * {@code GET /v1/profiles/<id>}, written before the answer: {@code at} (UTC), {@code client} (the API client's name,
 * {@code anonymous} without one), {@code found}, and {@code id_hash}: the first 16 hex digits of a keyed hash
 * (HMAC-SHA256 with the privacy key; no hash without the key) of {@code profile-read:<id>}, so that reads of one id can be told apart and
 * matched by someone holding the key and the id, but the log names no one. Never the id, an address or a profile.
 */
@Component
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
public class ProfileAudit implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Writer out;
    private final Function<String, String> hasher;
    private final Clock clock = Clock.systemUTC();

    public ProfileAudit(@Value("${sendtime.var-dir}") Path varDir, KeyedHash keyedHash) throws IOException {
        this.file = varDir.resolve("audit").resolve("profile-reads.jsonl");
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        this.hasher = hasherOrNone(keyedHash);
    }

    /** Without the privacy key the log holds no hash of the id at all (never the id itself). */
    private static Function<String, String> hasherOrNone(KeyedHash keyedHash) {
        try {
            return keyedHash.hasher();
        } catch (KeyedHash.KeyMissing e) {
            return id -> null;
        }
    }

    /** Logs one read. */
    public void read(String client, String id, boolean found) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", clock.instant().toString());
        line.put("client", client == null ? "anonymous" : client);
        line.put("found", found);
        String hash;
        synchronized (hasher) {
            hash = hasher.apply("profile-read:" + id);
        }
        line.put("id_hash", hash == null ? null : hash.substring(0, 16));
        try {
            String text = JSON.writeValueAsString(line);
            synchronized (out) {
                out.write(text);
                out.write('\n');
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.close();
        }
    }
}
