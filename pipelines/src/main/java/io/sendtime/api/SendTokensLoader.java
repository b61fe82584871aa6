package io.sendtime.api;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.avro.generic.GenericRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.sendtime.lake.ExportPublisher;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.model.Emails;

/**
 * Turns a published render ({@code exports/<campaign>/<send>/<render>/token_sets.parquet} and its {@code send.json})
 * into {@link SendTokens}: each recipient's answer is written once, as the JSON the API sends, into a local file, and
 * indexed by customer key and email SHA-256. People erased since the render are left out.
 */
final class SendTokensLoader {

    private static final JsonFactory JSON = new JsonFactory();

    private final ParquetFiles parquet;
    private final Path dir;

    SendTokensLoader(ParquetFiles parquet, Path dir) {
        this.parquet = parquet;
        this.dir = dir;
    }

    /**
     * @param keyed  the keyed hash of an address (the suppression list's), for this thread
     * @param erased whether a qualified identifier ({@code customer_key:...}, {@code email_sha256:...}) was erased
     */
    SendTokens load(ExportPublisher.SendInfo info, org.apache.hadoop.fs.Path tokenSets, Function<String, String> keyed,
                    Predicate<String> erased, int expected) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(info.campaign() + "--" + info.send() + "--" + info.render() + ".tokens");
        FingerprintIndex index = new FingerprintIndex(Math.max(expected, 1024) * 2);
        int[] counts = new int[2];
        long[] offset = {0};
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
            parquet.read(tokenSets, null, row -> {
                String key = text(row.get("customer_key"));
                String email = Emails.normalize(text(row.get("email")));
                String sha = email == null ? null : Emails.sha256(email);
                if (key == null || erased.test("customer_key:" + key) || (sha != null && erased.test("email_sha256:" + sha))) {
                    counts[1]++;
                    return;
                }
                body.reset();
                answer(body, info, key, text(row.get("variant")), (Map<?, ?>) row.get("tokens"));
                byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
                int length = 4 + 2 + keyBytes.length + 2 * SendTokens.DIGEST + body.size();
                if (length > 0xffffff || keyBytes.length > 0xffff) {
                    throw new IllegalStateException(tokenSets + ": the token set of one recipient is over 16 MB");
                }
                try {
                    out.writeInt(length);
                    out.writeShort(keyBytes.length);
                    out.write(keyBytes);
                    out.write(sha == null ? new byte[SendTokens.DIGEST] : HexFormat.of().parseHex(sha));
                    String h = email == null ? null : keyed.apply(email);
                    out.write(h == null ? new byte[SendTokens.DIGEST] : HexFormat.of().parseHex(h));
                    body.writeTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                long position = (offset[0] << 24) | length;
                index.put(FingerprintIndex.fingerprint('k', key), position);
                if (sha != null) {
                    index.put(FingerprintIndex.fingerprint('e', sha), position);
                }
                offset[0] += length;
                counts[0]++;
            });
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new SendTokens(info, fallback(info), file, index, counts[0], counts[1]);
    }

    /** One recipient's answer: the send, its render, the recipient's key and variant, and the tokens in campaign order. */
    private static void answer(ByteArrayOutputStream body, ExportPublisher.SendInfo info, String key, String variant,
                               Map<?, ?> tokens) {
        try (JsonGenerator g = JSON.createGenerator(body)) {
            head(g, info);
            g.writeStringField("customer_key", key);
            g.writeStringField("variant", variant);
            g.writeObjectFieldStart("tokens");
            Map<String, String> byName = new java.util.HashMap<>();
            if (tokens != null) {
                tokens.forEach((name, value) -> byName.put(name.toString(), value == null ? null : value.toString()));
            }
            for (String name : info.fallbacks().keySet()) {
                if (byName.containsKey(name)) {
                    g.writeStringField(name, byName.remove(name));
                }
            }
            for (Map.Entry<String, String> rest : byName.entrySet()) {
                g.writeStringField(rest.getKey(), rest.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer for a recipient the render does not know: the campaign's fallback tokens, marked as such. */
    static byte[] fallback(ExportPublisher.SendInfo info) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(body)) {
            head(g, info);
            g.writeStringField("error", "unknown recipient: the campaign's fallback tokens");
            g.writeBooleanField("fallback", true);
            g.writeObjectFieldStart("tokens");
            for (Map.Entry<String, String> token : info.fallbacks().entrySet()) {
                g.writeStringField(token.getKey(), token.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    private static void head(JsonGenerator g, ExportPublisher.SendInfo info) throws IOException {
        g.writeStartObject();
        g.writeStringField("campaign", info.campaign());
        g.writeStringField("send", info.send());
        g.writeStringField("render", info.render());
        g.writeStringField("rendered_at", info.renderedAt().toString());
        g.writeNumberField("snapshot_version", info.snapshotVersion());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
