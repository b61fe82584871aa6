package io.sendtime.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/**
 * The schemas of the curated zone: one typed Avro schema per entity, kept as
 * {@code schemas/curated/<entity>.avsc}, plus the lineage columns every curated record carries: the
 * raw version it came from and the transform run that curated it.
 */
public final class CuratedSchemas {

    public static final String RAW_RUN_ID = "_raw_run_id";
    public static final String EXTRACTED_AT = RawSchemas.EXTRACTED_AT;
    public static final String SOURCE_UPDATED_AT = RawSchemas.SOURCE_UPDATED_AT;
    public static final String TRANSFORM_RUN_ID = "_transform_run_id";
    public static final String IS_DELETED = "is_deleted";

    private final Map<String, Schema> cache = new ConcurrentHashMap<>();

    public Schema schema(String entity) {
        return cache.computeIfAbsent(entity, CuratedSchemas::load);
    }

    private static Schema load(String entity) {
        String resource = "schemas/curated/" + entity + ".avsc";
        try (InputStream in = CuratedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no curated schema for " + entity + ": add " + resource);
            }
            return withLineage(new Schema.Parser().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Schema withLineage(Schema payload) {
        List<Field> fields = new ArrayList<>();
        for (Field f : payload.getFields()) {
            Field copy = new Field(f.name(), f.schema(), f.doc(), f.defaultVal());
            f.getObjectProps().forEach(copy::addProp); // sendtime.person: what the field identifies
            fields.add(copy);
        }
        Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        Schema string = Schema.create(Schema.Type.STRING);
        fields.add(new Field(RAW_RUN_ID, string, "extract run that wrote the raw version", (Object) null));
        fields.add(new Field(EXTRACTED_AT, micros, "when the raw version was fetched", (Object) null));
        fields.add(new Field(SOURCE_UPDATED_AT, micros, "the raw version's cursor value at the source", (Object) null));
        fields.add(new Field(TRANSFORM_RUN_ID, string, "transform run that curated it", (Object) null));
        Schema record = Schema.createRecord(payload.getName(), payload.getDoc(), payload.getNamespace(), false, fields);
        payload.getObjectProps().forEach(record::addProp); // sendtime.identity: a person's identity record
        return record;
    }
}
