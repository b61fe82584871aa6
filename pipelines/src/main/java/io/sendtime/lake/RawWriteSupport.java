package io.sendtime.lake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * parquet-avro's write support for the raw lake's record shapes, with each field's Parquet column, kind and nullability
 * worked out once per schema instead of once per value (parquet-avro resolves the nullable union, looks up a logical
 * type conversion and switches on the Avro type for every value). The file is the one {@link AvroWriteSupport} writes:
 * same Parquet schema and footer metadata (init is parquet-avro's), same values in the same order; a schema with a
 * shape outside the plan (maps, enums, bytes, unions of two types, lists of values, the three-level list layout, a data
 * model with conversions) is written by parquet-avro itself.
 */
final class RawWriteSupport extends AvroWriteSupport<GenericRecord> {

    /** parquet-avro's default: lists as a repeated group named {@code array} directly under the list field. */
    private static final String OLD_LIST_REPEATED_NAME = "array";

    private final MessageType parquetSchema;
    private final Schema avroSchema;
    private final GenericData model;
    private RecordPlan plan;
    private RecordConsumer consumer;

    RawWriteSupport(MessageType parquetSchema, Schema avroSchema, GenericData model) {
        super(parquetSchema, avroSchema, model);
        this.parquetSchema = parquetSchema;
        this.avroSchema = avroSchema;
        this.model = model;
    }

    /** The Parquet schema parquet-avro derives from {@code schema} under {@code conf}. */
    static MessageType parquetSchema(Schema schema, Configuration conf) {
        return new AvroSchemaConverter(conf).convert(schema);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        WriteContext context = super.init(configuration);
        boolean oldLists = configuration.getBoolean(WRITE_OLD_LIST_STRUCTURE, true);
        plan = oldLists && model.getConversions().isEmpty() ? RecordPlan.of(parquetSchema, avroSchema) : null;
        return context;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return init(new HadoopParquetConfiguration(configuration));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        super.prepareForWrite(recordConsumer);
        this.consumer = recordConsumer;
    }

    /** Whether records are written by the plan (false: by parquet-avro, the schema has a shape outside it). */
    boolean planned() {
        return plan != null;
    }

    @Override
    public void write(GenericRecord record) {
        if (plan == null) {
            super.write(record);
            return;
        }
        consumer.startMessage();
        writeFields(plan, record);
        consumer.endMessage();
    }

    private void writeFields(RecordPlan record, GenericRecord value) {
        for (FieldPlan field : record.fields) {
            Object v = value.get(field.avroPos);
            if (v == null) {
                if (field.required) {
                    throw new RuntimeException("Null-value for required field: " + field.avroName);
                }
                continue;
            }
            consumer.startField(field.parquetName, field.parquetIndex);
            switch (field.kind) {
                case BOOLEAN -> consumer.addBoolean((Boolean) v);
                case INT -> consumer.addInteger(v instanceof Character c ? c : ((Number) v).intValue());
                case LONG -> consumer.addLong(((Number) v).longValue());
                case FLOAT -> consumer.addFloat(((Number) v).floatValue());
                case DOUBLE -> consumer.addDouble(((Number) v).doubleValue());
                case STRING -> consumer.addBinary(text(v));
                case RECORDS -> writeRecords(field, v);
            }
            consumer.endField(field.parquetName, field.parquetIndex);
        }
    }

    /** A list of records, two-level: the list group, then the repeated {@code array} group, one per element. */
    private void writeRecords(FieldPlan field, Object value) {
        if (!(value instanceof Collection<?> elements)) {
            throw new IllegalArgumentException("Cannot write unless collection: " + value.getClass().getName()
                    + " for field " + field.avroName);
        }
        consumer.startGroup();
        if (!elements.isEmpty()) {
            consumer.startField(OLD_LIST_REPEATED_NAME, 0);
            for (Object element : elements) {
                consumer.startGroup();
                writeFields(field.elements, (GenericRecord) element);
                consumer.endGroup();
            }
            consumer.endField(OLD_LIST_REPEATED_NAME, 0);
        }
        consumer.endGroup();
    }

    private static Binary text(Object value) {
        if (value instanceof Utf8 utf8) {
            return Binary.fromReusedByteArray(utf8.getBytes(), 0, utf8.getByteLength());
        }
        if (value instanceof String s) {
            return Binary.fromString(s);
        }
        return value instanceof CharSequence cs ? Binary.fromCharSequence(cs) : Binary.fromString(value.toString());
    }

    private enum Kind { BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, RECORDS }

    /** One Avro field: where it goes in Parquet and how its value is written. */
    private record FieldPlan(int avroPos, String avroName, int parquetIndex, String parquetName, boolean required,
                             Kind kind, RecordPlan elements) {}

    /** A record's fields in the order parquet-avro writes them, or null where a field's shape is outside the plan. */
    private record RecordPlan(List<FieldPlan> fields) {

        static RecordPlan of(GroupType parquet, Schema avro) {
            List<FieldPlan> fields = new ArrayList<>();
            int index = 0; // parquet skips Avro fields of type null
            for (Schema.Field field : avro.getFields()) {
                if (field.schema().getType() == Schema.Type.NULL) {
                    continue;
                }
                if (index >= parquet.getFieldCount()) {
                    return null;
                }
                Type column = parquet.getType(index);
                Schema schema = field.schema();
                boolean required = true;
                if (schema.getType() == Schema.Type.UNION) {
                    Schema nonNull = nonNullOfTwo(schema);
                    if (nonNull == null) {
                        return null;
                    }
                    schema = nonNull;
                    required = false;
                }
                Kind kind = kindOf(schema, column);
                if (kind == null) {
                    return null;
                }
                RecordPlan elements = null;
                if (kind == Kind.RECORDS) {
                    GroupType list = column.asGroupType();
                    Type repeated = list.getFieldCount() == 1 ? list.getType(0) : null;
                    if (repeated == null || repeated.isPrimitive() || !repeated.getName().equals(OLD_LIST_REPEATED_NAME)
                            || !repeated.isRepetition(Type.Repetition.REPEATED)) {
                        return null;
                    }
                    elements = of(repeated.asGroupType(), schema.getElementType());
                    if (elements == null) {
                        return null;
                    }
                }
                // parquet-avro writes a null only where the column is optional; a required column fails on it
                fields.add(new FieldPlan(field.pos(), field.name(), index, column.getName(),
                        column.isRepetition(Type.Repetition.REQUIRED), kind, elements));
                if (required != column.isRepetition(Type.Repetition.REQUIRED)) {
                    return null;
                }
                index++;
            }
            return index == parquet.getFieldCount() ? new RecordPlan(List.copyOf(fields)) : null;
        }

        /** The non-null branch of a two-branch union with null, else null. */
        private static Schema nonNullOfTwo(Schema union) {
            List<Schema> types = union.getTypes();
            if (types.size() != 2) {
                return null;
            }
            if (types.get(0).getType() == Schema.Type.NULL) {
                return types.get(1).getType() == Schema.Type.NULL ? null : types.get(1);
            }
            return types.get(1).getType() == Schema.Type.NULL ? types.get(0) : null;
        }

        private static Kind kindOf(Schema schema, Type column) {
            Schema.Type type = schema.getType();
            if (type == Schema.Type.ARRAY) {
                return !column.isPrimitive() && schema.getElementType().getType() == Schema.Type.RECORD ? Kind.RECORDS : null;
            }
            if (!column.isPrimitive()) {
                return null;
            }
            if (type == Schema.Type.STRING) {
                // a UUID column holds 16 bytes, not the text: parquet-avro's to write
                return column.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation
                        ? null : Kind.STRING;
            }
            return switch (type) {
                case BOOLEAN -> Kind.BOOLEAN;
                case INT -> Kind.INT;
                case LONG -> Kind.LONG;
                case FLOAT -> Kind.FLOAT;
                case DOUBLE -> Kind.DOUBLE;
                default -> null;
            };
        }
    }
}
