package io.sendtime.lake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one source record (JSON) into an Avro record of its raw schema, or rejects it with a reason.
 * Fields are found by their {@code sendtime.path}; a long field takes a number, its text, or a GraphQL global id
 * ({@code gid://shopify/Order/450789469}: the number at its end); values the schema does not know are kept as JSON
 * in {@code _extra}, so a new field at the source never breaks a run. Text is given as {@link Utf8}, as parquet-avro
 * reads it back. Thread-safe.
 */
public final class RecordConverter {

    /**
     * A text field's value mapping ({@code "sendtime.values": {"search_submitted": "searched"}}): a source that
     * spells values differently feeds the same column; values it does not list pass as they are.
     */
    public static final String VALUES_PROPERTY = "sendtime.values";

    /**
     * An array field gathered from several places ({@code "sendtime.paths": ["usd", "cad"]}): the objects at those
     * paths, in that order, missing or null ones left out. A GraphQL answer has no list of a variant's prices per
     * market, only one aliased {@code contextualPricing(context: ...)} object per market the query names.
     */
    public static final String PATHS_PROPERTY = "sendtime.paths";

    /**
     * A raw field that holds the record's id as the source's {@code id-field} gives it, set by the extract rather
     * than read from the record ({@code "sendtime.source-id": true}): for records with no id of their own, whose
     * id is made of several fields (HubSpot's subscription changes). The raw lake names versions by {@code id}.
     */
    public static final String SOURCE_ID_PROPERTY = "sendtime.source-id";

    /**
     * Paths a source sends that the schema knows and keeps on purpose nowhere ({@code "sendtime.ignore":
     * ["portalId"]} on the record schema): not schema drift, not kept in {@code _extra}.
     */
    public static final String IGNORE_PROPERTY = "sendtime.ignore";

    private final Schema schema;
    private final RecordMapping mapping;
    private final int extraPos;
    private final int sourceIdPos;

    public RecordConverter(Schema schema) {
        this.schema = schema;
        this.mapping = new RecordMapping(schema, true);
        this.extraPos = schema.getField(RawSchemas.EXTRA).pos();
        this.sourceIdPos = schema.getFields().stream().filter(RecordConverter::isSourceId).mapToInt(Field::pos)
                .findFirst().orElse(-1);
    }

    /** Whether the field is set from the record's id, not read from the record. */
    public static boolean isSourceId(Field field) {
        return Boolean.TRUE.equals(field.getObjectProp(SOURCE_ID_PROPERTY));
    }

    /** Sets the record's id where the schema keeps it ({@link #SOURCE_ID_PROPERTY}); nothing when it keeps none there. */
    public void putSourceId(GenericRecord record, String id) {
        if (sourceIdPos >= 0) {
            record.put(sourceIdPos, id);
        }
    }

    public Schema schema() {
        return schema;
    }

    /**
     * @return the record with its payload fields and {@code _extra} set (lineage left for the caller)
     * @throws RejectedRecordException naming the field and what is wrong with it
     */
    public Converted convert(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new RejectedRecordException("record is not a JSON object");
        }
        GenericData.Record record = mapping.convert(json, "");
        ObjectNode extra = null;
        Set<String> unknown = null;
        if (mapping.hasUnknown(json)) {
            extra = JsonNodeFactory.instance.objectNode();
            unknown = new TreeSet<>();
            mapping.collectUnknown(json, mapping.tree, "", extra, unknown);
            record.put(extraPos, extra.toString());
        }
        return new Converted(record, unknown == null ? Set.of() : unknown);
    }

    /** A converted record and the source paths the schema did not know (empty without drift). */
    public record Converted(GenericRecord record, Set<String> unknownPaths) {}

    /** Parses an ISO-8601 instant with offset or Z, keeping its full precision. */
    public static Instant parseInstant(String text) {
        try {
            return io.sendtime.source.IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new RejectedRecordException("unparseable timestamp '" + abbreviate(text) + "'");
        }
    }

    public static long toMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** The compiled mapping of one record schema: per field its path, kind and nested mapping. */
    private static final class RecordMapping {
        private final Schema schema;
        private final List<FieldMapping> fields = new ArrayList<>();
        /** Tree of the JSON paths the schema consumes, to find what it does not. */
        private final Map<String, Object> tree = new HashMap<>();

        RecordMapping(Schema schema, boolean skipLineage) {
            this.schema = schema;
            for (Field f : schema.getFields()) {
                if (skipLineage && (f.name().startsWith("_") || isSourceId(f))) {
                    continue;
                }
                if (f.getObjectProp(PATHS_PROPERTY) instanceof List<?> gathered) {
                    List<String[]> paths = new ArrayList<>();
                    for (Object path : gathered) {
                        paths.add(path.toString().split("\\."));
                        addToTree(path.toString().split("\\."));
                    }
                    fields.add(new FieldMapping(f, null, paths));
                    continue;
                }
                Object p = f.getObjectProp(RawSchemas.PATH_PROPERTY);
                String path = p == null ? f.name() : p.toString();
                fields.add(new FieldMapping(f, path.split("\\."), null));
                addToTree(path.split("\\."));
            }
            if (schema.getObjectProp(IGNORE_PROPERTY) instanceof List<?> ignored) {
                ignored.forEach(path -> addToTree(path.toString().split("\\.")));
            }
        }

        @SuppressWarnings("unchecked")
        private void addToTree(String[] segments) {
            Map<String, Object> node = tree;
            for (int i = 0; i < segments.length; i++) {
                if (i == segments.length - 1) {
                    node.put(segments[i], Boolean.TRUE);
                } else {
                    Object child = node.get(segments[i]);
                    if (!(child instanceof Map)) {
                        child = new HashMap<String, Object>();
                        node.put(segments[i], child);
                    }
                    node = (Map<String, Object>) child;
                }
            }
        }

        GenericData.Record convert(JsonNode json, String prefix) {
            GenericData.Record record = new GenericData.Record(schema);
            for (FieldMapping fm : fields) {
                JsonNode value;
                if (fm.gathered != null) {
                    var items = JsonNodeFactory.instance.arrayNode();
                    for (String[] path : fm.gathered) {
                        JsonNode item = at(json, path);
                        if (item != null && !item.isNull()) {
                            items.add(item);
                        }
                    }
                    value = items;
                } else {
                    value = at(json, fm.path);
                }
                record.put(fm.pos, fm.read(value, prefix));
            }
            return record;
        }

        private static JsonNode at(JsonNode json, String[] path) {
            JsonNode value = json;
            for (String segment : path) {
                value = value.get(segment);
                if (value == null) {
                    return null;
                }
            }
            return value;
        }

        boolean hasUnknown(JsonNode json) {
            return hasUnknown(json, tree);
        }

        @SuppressWarnings("unchecked")
        private static boolean hasUnknown(JsonNode json, Map<String, Object> node) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Object known = node.get(e.getKey());
                if (known == null) {
                    return true;
                }
                if (known instanceof Map && e.getValue().isObject()
                        && hasUnknown(e.getValue(), (Map<String, Object>) known)) {
                    return true;
                }
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        void collectUnknown(JsonNode json, Map<String, Object> node, String prefix, ObjectNode extra, Set<String> paths) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Object known = node.get(e.getKey());
                String path = prefix + e.getKey();
                if (known == null) {
                    extra.set(path, e.getValue());
                    paths.add(path);
                } else if (known instanceof Map && e.getValue().isObject()) {
                    collectUnknown(e.getValue(), (Map<String, Object>) known, path + ".", extra, paths);
                }
            }
        }
    }

    private enum Kind { STRING, LONG, INT, DOUBLE, BOOLEAN, TIMESTAMP, ARRAY_OF_RECORDS }

    private static final class FieldMapping {
        final int pos;
        final String name;
        final String[] path;
        /** {@code sendtime.paths}: the places an array field's items are gathered from, or null. */
        final List<String[]> gathered;
        final boolean required;
        final Kind kind;
        final RecordMapping items;
        /** {@code sendtime.values}: a source's spellings of a text field's values, and the schema's. */
        final Map<String, String> values;

        @SuppressWarnings("unchecked")
        FieldMapping(Field field, String[] path, List<String[]> gathered) {
            this.values = field.getObjectProp(VALUES_PROPERTY) instanceof Map<?, ?> m ? Map.copyOf((Map<String, String>) m) : null;
            this.pos = field.pos();
            this.name = field.name();
            this.path = path;
            this.gathered = gathered;
            Schema s = field.schema();
            this.required = s.getType() != Schema.Type.UNION;
            if (!required) {
                s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            }
            LogicalType logical = s.getLogicalType();
            RecordMapping nested = null;
            if (logical instanceof LogicalTypes.TimestampMicros) {
                kind = Kind.TIMESTAMP;
            } else {
                kind = switch (s.getType()) {
                    case STRING -> Kind.STRING;
                    case LONG -> Kind.LONG;
                    case INT -> Kind.INT;
                    case DOUBLE -> Kind.DOUBLE;
                    case BOOLEAN -> Kind.BOOLEAN;
                    case ARRAY -> Kind.ARRAY_OF_RECORDS;
                    default -> throw new IllegalArgumentException("unsupported raw field type " + s + " for " + name);
                };
                if (kind == Kind.ARRAY_OF_RECORDS) {
                    nested = new RecordMapping(s.getElementType(), false);
                }
            }
            this.items = nested;
            if (gathered != null && kind != Kind.ARRAY_OF_RECORDS) {
                throw new IllegalArgumentException(PATHS_PROPERTY + " gathers an array of records: " + name + " is "
                        + s.getType().getName());
            }
        }

        Object read(JsonNode v, String prefix) {
            if (v == null || v.isNull()) {
                if (required) {
                    throw new RejectedRecordException("missing required field '" + prefix + name + "'");
                }
                return null;
            }
            try {
                return switch (kind) {
                    case STRING -> utf8(v.isValueNode() ? (values == null ? v.asText() : values.getOrDefault(v.asText(), v.asText()))
                            : isListOfText(v) ? joined(v) : fail(v, "a string"));
                    case LONG -> v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : parseLong(v);
                    case INT -> v.isIntegralNumber() && v.canConvertToInt() ? v.intValue() : Math.toIntExact(parseLong(v));
                    case DOUBLE -> v.isNumber() ? v.doubleValue() : parseDouble(v);
                    case BOOLEAN -> v.isBoolean() ? v.booleanValue() : parseBoolean(v);
                    // ISO-8601, or epoch milliseconds as HubSpot's legacy APIs write them (1401975207000)
                    case TIMESTAMP -> v.isTextual() ? toMicros(parseInstant(v.textValue()))
                            : v.isIntegralNumber() && v.canConvertToLong() ? Math.multiplyExact(v.longValue(), 1000L)
                            : fail(v, "an ISO-8601 timestamp or epoch milliseconds");
                    case ARRAY_OF_RECORDS -> readArray(v, prefix);
                };
            } catch (RejectedRecordException e) {
                if (kind == Kind.ARRAY_OF_RECORDS && e.getMessage().startsWith("field '")) {
                    throw e; // already names the nested field
                }
                throw new RejectedRecordException("field '" + prefix + name + "': " + e.getMessage());
            } catch (ArithmeticException e) {
                throw new RejectedRecordException("field '" + prefix + name + "': number out of range");
            }
        }

        /**
         * The text's UTF-8 bytes, encoded here, on the converting threads, rather than by the file's one writer; the
         * Utf8 keeps only the bytes (not the String as well), so a chunk's records hold no more memory than before.
         */
        private static Utf8 utf8(String text) {
            return new Utf8(text.getBytes(StandardCharsets.UTF_8));
        }

        private List<GenericData.Record> readArray(JsonNode v, String prefix) {
            if (!v.isArray()) {
                return fail(v, "an array");
            }
            List<GenericData.Record> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (!item.isObject()) {
                    fail(item, "an object");
                }
                out.add(items.convert(item, prefix + name + "[" + i + "]."));
            }
            return out;
        }

        /** A list of texts (GraphQL's tags) read into a text column as REST writes it: "a, b". */
        private static boolean isListOfText(JsonNode v) {
            if (!v.isArray()) {
                return false;
            }
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    return false;
                }
            }
            return true;
        }

        private static String joined(JsonNode v) {
            List<String> items = new ArrayList<>(v.size());
            v.forEach(item -> items.add(item.textValue()));
            return String.join(", ", items);
        }

        private static long parseLong(JsonNode v) {
            if (v.isTextual()) {
                try {
                    String text = v.textValue().trim();
                    // a GraphQL global id (Shopify: gid://shopify/Order/450789469) holds the number at its end
                    return Long.parseLong(text.startsWith("gid://") ? text.substring(text.lastIndexOf('/') + 1) : text);
                } catch (NumberFormatException e) {
                    // fall through to the rejection below
                }
            }
            return fail(v, "an integer");
        }

        private static double parseDouble(JsonNode v) {
            if (v.isTextual()) {
                try {
                    return Double.parseDouble(v.textValue().trim());
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
            return fail(v, "a number");
        }

        private static boolean parseBoolean(JsonNode v) {
            if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
                return Boolean.parseBoolean(v.textValue());
            }
            return fail(v, "a boolean");
        }

        private static <T> T fail(JsonNode v, String expected) {
            String got = v.isTextual() ? "string '" + abbreviate(v.textValue()) + "'" : v.getNodeType().name().toLowerCase();
            throw new RejectedRecordException("expected " + expected + ", got " + got);
        }
    }
}
