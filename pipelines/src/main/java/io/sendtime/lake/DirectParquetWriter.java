package io.sendtime.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes records straight into Parquet's column writers, each value with its repetition and definition levels worked
 * out from a plan made once per schema: no record consumer in between (parquet-avro's write support and Parquet's
 * MessageColumnIO walk the schema and keep a field stack for every value; for the render's export that cost about as
 * much again as the column writers themselves). The plan covers the raw lake's and the export's shapes: top-level
 * text, numbers and booleans, required or nullable; top-level maps of text; and lists of records (parquet-avro's
 * two-level layout, a repeated group named {@code array}), nested to any depth, whose records hold the same
 * (maps aside). The file is the one parquet-avro writes with the same properties: same Parquet schema, pages,
 * encodings and footer metadata ({@code parquet.avro.schema}, {@code writer.model.name}); row groups end after
 * {@code rowGroupRows} records, or earlier at the properties' row group size, so a reader can split the file across
 * its threads. Not thread-safe: one thread writes.
 */
final class DirectParquetWriter implements ParquetFiles.Sink, AutoCloseable {

    /** parquet-avro's default list layout: a repeated group named {@code array} directly under the list field. */
    private static final String OLD_LIST_REPEATED_NAME = "array";

    private final ParquetFileWriter file;
    private final MessageType parquetSchema;
    private final ParquetProperties properties;
    private final CodecFactory codecs;
    private final CompressionCodecName codec;
    private final Map<String, String> footer;
    private final long rowGroupRows;
    private final long rowGroupBytes;
    private final RecordPlan plan;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private ColumnWriter[] writers;
    private int rowGroupOrdinal;
    private long rows;

    DirectParquetWriter(OutputFile out, Schema schema, Configuration conf, ParquetProperties properties,
                        CompressionCodecName codec, long rowGroupRows, long rowGroupBytes) throws IOException {
        this.parquetSchema = parquetSchema(schema, conf);
        this.plan = plan(schema, parquetSchema);
        this.properties = properties;
        this.codec = codec;
        this.rowGroupRows = rowGroupRows;
        this.rowGroupBytes = rowGroupBytes;
        this.codecs = new CodecFactory(conf, properties.getPageSizeThreshold());
        this.footer = new HashMap<>();
        footer.put("parquet.avro.schema", schema.toString());
        footer.put("writer.model.name", "avro");
        this.file = new ParquetFileWriter(out, parquetSchema, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, properties);
        file.start();
        startRowGroup();
    }

    /** The Parquet schema parquet-avro derives from {@code schema} under {@code conf}. */
    static MessageType parquetSchema(Schema schema, Configuration conf) {
        return new AvroSchemaConverter(conf).convert(schema);
    }

    /** Whether this writer's plan covers {@code schema} (else parquet-avro writes it). */
    static boolean fits(Schema schema, Configuration conf) {
        try {
            plan(schema, parquetSchema(schema, conf));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void write(GenericRecord record) throws IOException {
        writeFields(plan, record, 0);
        columns.endRecord();
        rows++;
        if (rows >= rowGroupRows || (rows % 1024 == 0 && columns.getBufferedSize() >= rowGroupBytes)) {
            flushRowGroup();
            startRowGroup();
        }
    }

    /** A record's fields, its first value in every column at repetition level {@code repetition}. */
    private void writeFields(RecordPlan record, GenericRecord value, int repetition) {
        for (FieldPlan field : record.fields()) {
            Object v = value.get(field.avroPos);
            if (v == null && field.required) {
                throw new IllegalArgumentException("Null-value for required field: " + field.name);
            }
            switch (field.shape) {
                case VALUE -> {
                    if (v == null) {
                        writers[field.column].writeNull(repetition, field.def - 1);
                    } else {
                        writeValue(writers[field.column], field.kind, v, repetition, field.def);
                    }
                }
                case MAP -> writeMap(field, v);
                case RECORDS -> writeRecords(field, v, repetition);
            }
        }
    }

    /**
     * A list of records: nothing (null) or an empty list leaves one null in each of its columns, at the level of what
     * is defined; each element's first values repeat at the parent's level, the next elements' at the list's.
     */
    private void writeRecords(FieldPlan field, Object value, int repetition) {
        if (value == null) {
            writeNulls(field, repetition, field.def - 1);
            return;
        }
        if (!(value instanceof Collection<?> elements)) {
            throw new IllegalArgumentException("Cannot write unless collection: " + value.getClass().getName()
                    + " for field " + field.name);
        }
        if (elements.isEmpty()) {
            writeNulls(field, repetition, field.def);
            return;
        }
        int r = repetition;
        for (Object element : elements) {
            if (!(element instanceof GenericRecord record)) {
                throw new IllegalArgumentException("Null or non-record element in list field: " + field.name);
            }
            writeFields(field.elements, record, r);
            r = field.repetitionDepth;
        }
    }

    private void writeNulls(FieldPlan field, int repetition, int definition) {
        for (int c = field.column; c < field.column + field.columnCount; c++) {
            writers[c].writeNull(repetition, definition);
        }
    }

    private void writeMap(FieldPlan field, Object value) {
        ColumnWriter keys = writers[field.column];
        ColumnWriter values = writers[field.column + 1];
        if (value == null) {
            keys.writeNull(0, field.def - 1);
            values.writeNull(0, field.def - 1);
            return;
        }
        Map<?, ?> map = (Map<?, ?>) value;
        if (map.isEmpty()) {
            keys.writeNull(0, field.def);
            values.writeNull(0, field.def);
            return;
        }
        int keyDef = field.def + 1;
        int repetition = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("Null key in map field: " + field.name);
            }
            keys.write(text(entry.getKey()), repetition, keyDef);
            Object v = entry.getValue();
            if (v == null) {
                if (field.valueDef == keyDef) {
                    throw new IllegalArgumentException("Null value in map field: " + field.name);
                }
                values.writeNull(repetition, keyDef);
            } else {
                values.write(text(v), repetition, field.valueDef);
            }
            repetition = 1;
        }
    }

    private static void writeValue(ColumnWriter writer, Kind kind, Object value, int repetition, int definition) {
        switch (kind) {
            case STRING -> writer.write(text(value), repetition, definition);
            case LONG -> writer.write(((Number) value).longValue(), repetition, definition);
            case INT -> writer.write(value instanceof Character c ? c : ((Number) value).intValue(), repetition, definition);
            case DOUBLE -> writer.write(((Number) value).doubleValue(), repetition, definition);
            case FLOAT -> writer.write(((Number) value).floatValue(), repetition, definition);
            case BOOLEAN -> writer.write((Boolean) value, repetition, definition);
        }
    }

    private static Binary text(Object value) {
        if (value instanceof String s) {
            return Binary.fromString(s);
        }
        if (value instanceof Utf8 utf8) {
            return Binary.fromReusedByteArray(utf8.getBytes(), 0, utf8.getByteLength());
        }
        return value instanceof CharSequence cs ? Binary.fromCharSequence(cs) : Binary.fromString(value.toString());
    }

    private void startRowGroup() {
        pages = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(column -> codecs.getCompressor(codec))
                .withSchema(parquetSchema)
                .withAllocator(properties.getAllocator())
                .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                .withRowGroupOrdinal(rowGroupOrdinal)
                .build();
        columns = properties.newColumnWriteStore(parquetSchema, pages, pages);
        List<ColumnDescriptor> descriptors = parquetSchema.getColumns();
        writers = new ColumnWriter[descriptors.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = columns.getColumnWriter(descriptors.get(i));
        }
    }

    private void flushRowGroup() throws IOException {
        if (rows > 0) {
            columns.flush();
            file.startBlock(rows);
            pages.flushToFileWriter(file);
            file.endBlock();
            rowGroupOrdinal++;
        }
        columns.close();
        pages.close();
        rows = 0;
    }

    /** Writes the last row group and the footer. */
    @Override
    public void close() throws IOException {
        try {
            flushRowGroup();
            file.end(footer);
        } finally {
            codecs.release();
        }
    }

    /** Stops writing: the file is left incomplete, for the caller to delete. */
    @Override
    public void abort() {
        try {
            columns.close();
            pages.close();
            file.abort();
            file.close();
        } catch (IOException | RuntimeException e) {
            // the caller removes the file
        } finally {
            codecs.release();
        }
    }

    private enum Kind { STRING, LONG, INT, DOUBLE, FLOAT, BOOLEAN }

    private enum Shape { VALUE, MAP, RECORDS }

    /**
     * One Avro field: its first Parquet column and how many it has (a map: keys, then values; a list of records: its
     * records' columns), how its values are written, and the definition level at which it is defined: a value's when
     * present; a map's or a list's when present but empty (a map key's is one more, {@code valueDef} a map value's);
     * a list's elements repeat at {@code repetitionDepth}.
     */
    private record FieldPlan(int avroPos, String name, Shape shape, int column, int columnCount, boolean required,
                             Kind kind, int def, int valueDef, int repetitionDepth, RecordPlan elements) {}

    /** A record's fields in Parquet's column order. */
    private record RecordPlan(List<FieldPlan> fields, int columnCount) {}

    /** The plan of a whole record; IllegalArgumentException for a shape outside it. */
    private static RecordPlan plan(Schema avro, MessageType parquet) {
        return plan(avro, parquet, 0, 0, 0, true);
    }

    /**
     * @param column     the record's first column
     * @param def        the definition level at which the record is defined
     * @param repetition the repetition depth of the record (0 at the top, one more inside each list)
     */
    private static RecordPlan plan(Schema avro, GroupType parquet, int column, int def, int repetition,
                                   boolean topLevel) {
        List<FieldPlan> plan = new ArrayList<>();
        int first = column;
        int index = 0;
        for (Schema.Field field : avro.getFields()) {
            Schema schema = field.schema();
            if (schema.getType() == Schema.Type.NULL) {
                continue; // parquet-avro gives a field of type null no column
            }
            boolean required = true;
            if (schema.getType() == Schema.Type.UNION) {
                schema = nonNullOfTwo(schema, field.name());
                required = false;
            }
            if (index >= parquet.getFieldCount()) {
                throw new IllegalArgumentException("the Parquet schema has fewer fields than the Avro one");
            }
            Type type = parquet.getType(index++);
            if (type.isRepetition(Type.Repetition.REQUIRED) != required) {
                throw new IllegalArgumentException("field " + field.name() + ": nullability differs in Parquet");
            }
            int fieldDef = required ? def : def + 1;
            if (schema.getType() == Schema.Type.MAP) {
                if (!topLevel) {
                    throw new IllegalArgumentException("field " + field.name() + ": maps are planned at the top level only");
                }
                plan.add(mapPlan(field, schema, type, column, required, fieldDef));
                column += 2;
                continue;
            }
            if (schema.getType() == Schema.Type.ARRAY) {
                FieldPlan list = listPlan(field, schema, type, column, required, fieldDef, repetition);
                plan.add(list);
                column += list.columnCount;
                continue;
            }
            if (!type.isPrimitive()) {
                throw new IllegalArgumentException("field " + field.name() + ": nested records are not planned");
            }
            Kind kind = switch (schema.getType()) {
                case STRING -> isText(type) ? Kind.STRING : null;
                case LONG -> Kind.LONG;
                case INT -> Kind.INT;
                case DOUBLE -> Kind.DOUBLE;
                case FLOAT -> Kind.FLOAT;
                case BOOLEAN -> Kind.BOOLEAN;
                default -> null;
            };
            if (kind == null) {
                throw new IllegalArgumentException("field " + field.name() + ": type " + schema.getType() + " is not planned");
            }
            plan.add(new FieldPlan(field.pos(), field.name(), Shape.VALUE, column, 1, required, kind, fieldDef, fieldDef,
                    repetition, null));
            column++;
        }
        if (index != parquet.getFieldCount()) {
            throw new IllegalArgumentException("the Parquet schema has other fields than the Avro one");
        }
        return new RecordPlan(List.copyOf(plan), column - first);
    }

    private static FieldPlan mapPlan(Schema.Field field, Schema schema, Type type, int column, boolean required,
                                     int fieldDef) {
        Schema values = schema.getValueType();
        boolean valuesRequired = true;
        if (values.getType() == Schema.Type.UNION) {
            values = nonNullOfTwo(values, field.name());
            valuesRequired = false;
        }
        if (values.getType() != Schema.Type.STRING || type.isPrimitive()) {
            throw new IllegalArgumentException("field " + field.name() + ": only maps of text are planned");
        }
        GroupType entries = type.asGroupType().getType(0).asGroupType();
        if (entries.getFieldCount() != 2 || !isText(entries.getType(0)) || !isText(entries.getType(1))) {
            throw new IllegalArgumentException("field " + field.name() + ": unexpected map layout");
        }
        int keyDef = fieldDef + 1;
        return new FieldPlan(field.pos(), field.name(), Shape.MAP, column, 2, required, Kind.STRING, fieldDef,
                valuesRequired ? keyDef : keyDef + 1, 1, null);
    }

    private static FieldPlan listPlan(Schema.Field field, Schema schema, Type type, int column, boolean required,
                                      int fieldDef, int repetition) {
        if (schema.getElementType().getType() != Schema.Type.RECORD || type.isPrimitive()) {
            throw new IllegalArgumentException("field " + field.name() + ": only lists of records are planned");
        }
        GroupType list = type.asGroupType();
        Type repeated = list.getFieldCount() == 1 ? list.getType(0) : null;
        if (repeated == null || repeated.isPrimitive() || !repeated.getName().equals(OLD_LIST_REPEATED_NAME)
                || !repeated.isRepetition(Type.Repetition.REPEATED)) {
            throw new IllegalArgumentException("field " + field.name() + ": only the two-level list layout is planned");
        }
        RecordPlan elements = plan(schema.getElementType(), repeated.asGroupType(), column, fieldDef + 1,
                repetition + 1, false);
        if (elements.columnCount() == 0) {
            throw new IllegalArgumentException("field " + field.name() + ": a list of records without columns");
        }
        return new FieldPlan(field.pos(), field.name(), Shape.RECORDS, column, elements.columnCount(), required, null,
                fieldDef, fieldDef, repetition + 1, elements);
    }

    private static boolean isText(Type type) {
        return type.isPrimitive() && type.asPrimitiveType().getPrimitiveTypeName()
                == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY
                && !(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation);
    }

    private static Schema nonNullOfTwo(Schema union, String field) {
        List<Schema> types = union.getTypes();
        if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL && types.get(1).getType() != Schema.Type.NULL) {
            return types.get(1);
        }
        if (types.size() == 2 && types.get(1).getType() == Schema.Type.NULL && types.get(0).getType() != Schema.Type.NULL) {
            return types.get(0);
        }
        throw new IllegalArgumentException("field " + field + ": only unions of null and one type are planned");
    }
}
