package io.sendtime.render;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;

/**
 * A send's export for the email service, written while the recipients are rendered (docs/render.md), by the thread
 * that collects the render threads' results: {@code token_sets.parquet} (customer_key, email, variant, tokens as a
 * map, consent_checked_at, custom_args as a map; {@code schemas/export/token_sets.avsc}) and {@code recipients.jsonl}
 * (one JSON object per line: email, customer_key, variant, consent_checked_at, the tokens as dynamic_template_data,
 * custom_args). The render then loads the send's token sets from the Parquet file (sql/render/publish.sql), so every
 * rendered row is written once. custom_args are SendGrid's personalizations[].custom_args: the campaign, send,
 * variant and customer, text only, one left out when it has none. The JSON lines escape every character some reader
 * takes for a line break (U+0085, U+2028, U+2029), so each record is one line to any reader.
 */
final class ExportFiles implements AutoCloseable {

    static final String TOKEN_SETS = "token_sets.parquet";
    static final String RECIPIENTS = "recipients.jsonl";

    private static final Schema SCHEMA = schema();
    private static final JsonFactory JSON = new JsonFactory();
    private static final CharacterEscapes ESCAPES = new LineBreakEscapes();

    private final Path tokenSetsFile;
    private final ParquetFiles.Writer parquet;
    private final OutputStream jsonOut;
    private final String campaignId;
    private final String sendId;
    private final long consentCheckedAtMicros;
    private final String consentCheckedAtText;
    private final Map<String, Utf8> names = new ConcurrentHashMap<>();
    private long written;

    /**
     * @param consentCheckedAtText consent_checked_at as the JSON lines show it (DuckDB's text of a TIMESTAMPTZ, as
     *                             the export always showed it)
     */
    ExportFiles(Path exportDir, String campaignId, String sendId, Instant consentCheckedAt, String consentCheckedAtText) {
        this.campaignId = campaignId;
        this.sendId = sendId;
        this.consentCheckedAtMicros = ChronoUnit.MICROS.between(Instant.EPOCH, consentCheckedAt);
        this.consentCheckedAtText = consentCheckedAtText;
        try {
            Files.createDirectories(exportDir);
            this.tokenSetsFile = exportDir.resolve(TOKEN_SETS);
            this.parquet = new ParquetFiles(new Lake(exportDir.toUri(), Map.of()))
                    .openExport(new org.apache.hadoop.fs.Path(tokenSetsFile.toUri()), SCHEMA);
            this.jsonOut = new BufferedOutputStream(Files.newOutputStream(exportDir.resolve(RECIPIENTS)), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export in " + exportDir + ": " + e.getMessage(), e);
        }
    }

    Path tokenSetsFile() {
        return tokenSetsFile;
    }

    long written() {
        return written;
    }

    /**
     * One rendered (not rejected) recipient as {@link #row} prepared it on a render thread: this thread only hands
     * the record's UTF-8 values to the Parquet writer and copies the line's bytes.
     */
    void write(Row row) {
        parquet.write(row.record());
        try {
            jsonOut.write(row.line());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + RECIPIENTS + ": " + e.getMessage(), e);
        }
        written++;
    }

    /**
     * A rendered recipient's row of both files, prepared on a render thread (thread-safe): the Parquet record, its
     * text already in UTF-8 (Avro's {@link Utf8}, which the Parquet writer takes as it is), and the JSON line. So the
     * one thread that writes the files does not encode the tokens again, long after the render threads last held
     * them.
     */
    Row row(RenderedRecipient r, String email) {
        Map<String, String> customArgs = customArgs(campaignId, sendId, r);
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put(0, utf8(r.customerKey()));
        record.put(1, utf8(email));
        record.put(2, utf8(r.variant()));
        record.put(3, utf8(r.tokens()));
        record.put(4, consentCheckedAtMicros);
        record.put(5, utf8(customArgs));
        return new Row(record, jsonLine(r, email, consentCheckedAtText, customArgs));
    }

    /** A recipient's record of token_sets.parquet and line of recipients.jsonl, as {@link #row} made them. */
    record Row(GenericRecord record, byte[] line) {}

    /** A map of text in UTF-8, in its order; the names (the campaign's tokens, custom_args' four) encoded once. */
    private Map<Utf8, Utf8> utf8(Map<String, String> values) {
        Map<Utf8, Utf8> encoded = new LinkedHashMap<>(values.size() * 2);
        for (Map.Entry<String, String> e : values.entrySet()) {
            encoded.put(names.computeIfAbsent(e.getKey(), Utf8::new), utf8(e.getValue()));
        }
        return encoded;
    }

    /** Text in UTF-8; null stays null, so the Parquet writer names a required field left empty. */
    private static Utf8 utf8(String text) {
        return text == null ? null : new Utf8(text);
    }

    /**
     * A rendered recipient's line of recipients.jsonl, its line break included, as the export writes it; also for the
     * render benchmark's reference ({@link RenderReference}), which serializes the output as the export does.
     */
    static byte[] jsonLine(String campaignId, String sendId, String consentCheckedAtText, RenderedRecipient r,
                           String email) {
        return jsonLine(r, email, consentCheckedAtText, customArgs(campaignId, sendId, r));
    }

    private static byte[] jsonLine(RenderedRecipient r, String email, String consentCheckedAtText,
                                   Map<String, String> customArgs) {
        ByteArrayBuilder out = new ByteArrayBuilder(1024);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(ESCAPES);
            writeJson(g, r, email, consentCheckedAtText, customArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.append('\n');
        return out.toByteArray();
    }

    /** SendGrid's custom_args: campaign, send, variant and customer, text only, one left out when it has none. */
    private static Map<String, String> customArgs(String campaignId, String sendId, RenderedRecipient r) {
        Map<String, String> customArgs = new LinkedHashMap<>(4);
        customArgs.put("sendtime_campaign", campaignId);
        customArgs.put("sendtime_send", sendId);
        if (r.variant() != null) {
            customArgs.put("sendtime_variant", r.variant());
        }
        if (r.customerKey() != null) {
            customArgs.put("sendtime_customer", r.customerKey());
        }
        return customArgs;
    }

    private static void writeJson(JsonGenerator json, RenderedRecipient r, String email, String consentCheckedAtText,
                                  Map<String, String> customArgs) throws IOException {
        json.writeStartObject();
        json.writeStringField("email", email);
        json.writeStringField("customer_key", r.customerKey());
        json.writeStringField("variant", r.variant());
        json.writeStringField("consent_checked_at", consentCheckedAtText);
        json.writeObjectFieldStart("dynamic_template_data");
        for (Map.Entry<String, String> token : r.tokens().entrySet()) {
            json.writeStringField(token.getKey(), token.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("custom_args");
        for (Map.Entry<String, String> arg : customArgs.entrySet()) {
            json.writeStringField(arg.getKey(), arg.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Finishes both files (the Parquet file is committed under its name). */
    @Override
    public void close() {
        try {
            jsonOut.close();
        } catch (IOException e) {
            parquet.abandon();
            throw new UncheckedIOException("cannot write " + RECIPIENTS + ": " + e.getMessage(), e);
        }
        parquet.close();
    }

    /** After a failure: nothing committed (the render's directory is never published). */
    void abandon() {
        parquet.abandon();
        try {
            jsonOut.close();
        } catch (IOException e) {
            // the directory is not published; housekeeping removes it
        }
    }

    private static Schema schema() {
        try (var in = ExportFiles.class.getResourceAsStream("/schemas/export/token_sets.avsc")) {
            if (in == null) {
                throw new IllegalStateException("schemas/export/token_sets.avsc is not on the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON's own escapes, plus U+0085, U+2028 and U+2029: no reader splits a record. */
    private static final class LineBreakEscapes extends CharacterEscapes {
        private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x85 -> new SerializedString("\\u0085");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
