package io.sendtime.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.lake.RawSchemas;

/**
 * One received event as the {@link EventLog} keeps it: the raw lake entity it goes to, its deduplication key
 * ({@code <sender>:<event id>}), when it was received and when it happened, and its record in the entity's raw schema
 * ({@code schemas/raw/webhooks/}, lineage columns included; the run id is set when a run commits it), Avro binary.
 * Binary, not JSON: the receiver encodes every event and the committer decodes it again, and both are on the path
 * of every acknowledgement's CPU.
 */
public record LoggedEvent(String entity, String key, long receivedMicros, long occurredMicros, GenericRecord record) {

    public static final String STOREFRONT_EVENTS = "storefront_events";
    public static final String EMAIL_EVENTS = "email_events";

    private static final RawSchemas SCHEMAS = new RawSchemas();
    /** Per entity its schema and a writer of it (thread-safe); readers are per thread (they keep state). */
    private static final Map<String, Codec> CODECS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ThreadLocal<Map<String, GenericDatumReader<GenericRecord>>> READERS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private record Codec(Schema schema, GenericDatumWriter<GenericRecord> writer) {}

    private static Codec codec(String entity) {
        return CODECS.computeIfAbsent(entity, e -> {
            Schema schema = SCHEMAS.schema(ServeSettings.SOURCE, e);
            return new Codec(schema, new GenericDatumWriter<>(schema));
        });
    }
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_PROPERTIES = Set.of("product_id", "variant_id", "query");

    /** The raw schema of an entity this server writes. */
    static Schema schema(String entity) {
        return codec(entity).schema();
    }

    /** {@code [entity][key][received][occurred][Avro record]}, lengths as Avro varints. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            encoder.writeString(entity);
            encoder.writeString(key);
            encoder.writeLong(receivedMicros);
            encoder.writeLong(occurredMicros);
            codec(entity).writer().write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What the log record says before its record: entity, key and times. */
    public record Header(String entity, String key, long receivedMicros, long occurredMicros) {}

    /** Reads a log record's header only. */
    public static Header header(byte[] bytes) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            return new Header(decoder.readString(), decoder.readString(), decoder.readLong(), decoder.readLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("an event log record that is not an event: " + e.getMessage(), e);
        }
    }

    public static LoggedEvent decode(byte[] bytes) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            String entity = decoder.readString();
            String key = decoder.readString();
            long received = decoder.readLong();
            long occurred = decoder.readLong();
            GenericRecord record = READERS.get().computeIfAbsent(entity, e -> new GenericDatumReader<>(schema(e)))
                    .read(null, decoder);
            return new LoggedEvent(entity, key, received, occurred, record);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("an event log record that is not an event: " + e.getMessage(), e);
        }
    }

    /** A storefront event as received at {@code received}. */
    public static LoggedEvent of(StorefrontEvents.Event event, Instant received) {
        long receivedMicros = EspMapping.micros(received);
        long occurredMicros = EspMapping.micros(event.occurredAt());
        JsonNode properties = event.json().path("properties");
        GenericData.Record record = new GenericData.Record(schema(STOREFRONT_EVENTS));
        record.put("id", event.id());
        record.put("type", event.type());
        record.put("customer_id", event.customerId());
        record.put("session_id", event.anonymousId());
        record.put("occurred_at", occurredMicros);
        record.put("created_at", receivedMicros);
        record.put("product_id", integer(properties.get("product_id")));
        record.put("variant_id", integer(properties.get("variant_id")));
        record.put("search_query", properties.path("query").isTextual() ? properties.get("query").textValue() : null);
        ObjectNode extra = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!KNOWN_PROPERTIES.contains(p.getKey())) {
                extra = extra == null ? JSON.createObjectNode() : extra;
                extra.set(p.getKey(), p.getValue());
            }
        }
        lineage(record, receivedMicros, occurredMicros, extra == null ? null : extra.toString());
        return new LoggedEvent(STOREFRONT_EVENTS, "storefront:" + event.id(), receivedMicros, occurredMicros, record);
    }

    /** An email service's event, mapped (its columns as {@link EspMapping} names them). */
    public static LoggedEvent of(EspMapping.Mapped event, String provider) {
        Schema schema = schema(EMAIL_EVENTS);
        GenericData.Record record = new GenericData.Record(schema);
        ObjectNode values = event.record();
        for (Schema.Field field : schema.getFields()) {
            JsonNode v = values.get(field.name());
            if (v != null && !v.isNull()) {
                record.put(field.pos(), v.isIntegralNumber() ? (Object) v.longValue() : v.asText());
            }
        }
        long received = values.get("received_at").longValue();
        long occurred = values.get("occurred_at").longValue();
        lineage(record, received, occurred, null);
        return new LoggedEvent(EMAIL_EVENTS, provider + ":" + event.id(), received, occurred, record);
    }

    /** A column's value as text, or null. */
    String text(String field) {
        Object v = record.get(field);
        return v == null ? null : v.toString();
    }

    private static void lineage(GenericData.Record record, long received, long occurred, String extra) {
        record.put(RawSchemas.RUN_ID, ""); // the run that commits it sets it
        record.put(RawSchemas.EXTRACTED_AT, received);
        record.put(RawSchemas.SOURCE_UPDATED_AT, occurred);
        record.put(RawSchemas.EXTRA, extra);
    }

    private static Long integer(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
    }
}
