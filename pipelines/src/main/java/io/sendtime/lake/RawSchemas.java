package io.sendtime.lake;

import io.sendtime.config.ConfigDirectory;

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
 * The schema registry of the raw lake: one Avro schema per (source, entity), kept as
 * {@code schemas/raw/<source>/<entity>.avsc}, or for a source made from a preset as its preset's
 * {@code schemas/raw/<preset>/<entity>.avsc} (the source's own, when it has one, first), in the project or in the
 * configuration directory (read first: {@link ConfigDirectory}), plus the lineage columns every raw
 * record carries. A field's {@code sendtime.path} property names where its value sits in the source
 * JSON (dotted path); by default it is the field's own name.
 */
public final class RawSchemas {

    public static final String RUN_ID = "_run_id";
    public static final String EXTRACTED_AT = "_extracted_at";
    public static final String SOURCE_UPDATED_AT = "_source_updated_at";
    /** Fields the source sent that the schema does not know yet (schema drift), as a JSON object. */
    public static final String EXTRA = "_extra";
    public static final String PATH_PROPERTY = "sendtime.path";

    private final Map<String, Schema> cache = new ConcurrentHashMap<>();
    private final java.util.function.Function<String, String> presetOf;

    /** The schemas of the sources as shipped ({@code config/sources.yaml}: which preset each source is made from). */
    public RawSchemas() {
        this(shippedPresets()::get);
    }

    /** @param presetOf the preset a source is made from, or null ({@code sendtime.sources.<name>.preset}) */
    public RawSchemas(java.util.function.Function<String, String> presetOf) {
        this.presetOf = presetOf;
    }

    public Schema schema(String source, String entity) {
        return cache.computeIfAbsent(source + "/" + entity, key -> load(source, entity));
    }

    public boolean has(String source, String entity) {
        return ConfigDirectory.exists(resource(source, entity));
    }

    /**
     * Where the entity's schema is read from, relative to the configuration directory or the jar: the source's own
     * schema if there is one, else its preset's; the source's own path when neither exists.
     */
    public String resource(String source, String entity) {
        String own = path(source, entity);
        String preset = presetOf.apply(source);
        if (preset == null || ConfigDirectory.exists(own)) {
            return own;
        }
        String presets = path(preset, entity);
        return ConfigDirectory.exists(presets) ? presets : own;
    }

    private static String path(String source, String entity) {
        return "schemas/raw/" + source + "/" + entity + ".avsc";
    }

    private static Map<String, String> shippedPresets() {
        try {
            return io.sendtime.config.SourcePresets.presetOfSources(new org.springframework.boot.env.YamlPropertySourceLoader()
                    .load("sources", new org.springframework.core.io.ClassPathResource("config/sources.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config/sources.yaml", e);
        }
    }

    private Schema load(String source, String entity) {
        String resource = resource(source, entity);
        try (InputStream in = ConfigDirectory.open(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no raw schema for " + source + "." + entity + ": add " + resource
                        + ConfigDirectory.directory().map(d -> " to " + d).orElse(" to the configuration directory"));
            }
            return withLineage(new Schema.Parser().parse(in));
        } catch (org.apache.avro.SchemaParseException e) {
            throw new IllegalArgumentException(ConfigDirectory.where(resource) + " is not a valid Avro schema: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static Schema withLineage(Schema payload) {
        List<Field> fields = new ArrayList<>();
        for (Field f : payload.getFields()) {
            Field copy = new Field(f.name(), f.schema(), f.doc(), f.defaultVal());
            f.getObjectProps().forEach(copy::addProp);
            fields.add(copy);
        }
        Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        fields.add(new Field(RUN_ID, Schema.create(Schema.Type.STRING), "extract run that wrote the record", (Object) null));
        fields.add(new Field(EXTRACTED_AT, micros, "when the page holding the record was fetched", (Object) null));
        fields.add(new Field(SOURCE_UPDATED_AT, micros, "the record's incremental cursor value at the source", (Object) null));
        fields.add(new Field(EXTRA, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "fields the source sent that the schema does not know yet, as JSON", Field.NULL_DEFAULT_VALUE));
        Schema schema = Schema.createRecord(payload.getName(), payload.getDoc(), payload.getNamespace(), false, fields);
        payload.getObjectProps().forEach(schema::addProp);
        return schema;
    }
}
