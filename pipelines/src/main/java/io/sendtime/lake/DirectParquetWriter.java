package io.sendtime.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
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
 * Writes records of a flat Avro schema (top-level text, numbers and booleans, required or nullable, and maps of
 * text) straight into Parquet's column writers, each value with the repetition and definition levels worked out
 * once per schema: no record consumer in between (parquet-avro's write support and Parquet's MessageColumnIO walk
 * the schema for every value, and cost the render's export about as much again as the column writers themselves).
 * The file is the one parquet-avro writes with the same properties: same Parquet schema, pages, encodings and footer
 * metadata ({@code parquet.avro.schema}, {@code writer.model.name}); row groups end after {@code rowGroupRows}
 * records, or earlier at the properties' row group size, so a reader can split the file across its threads.
 * Not thread-safe: one thread writes.
 */
final class FlatParquetWriter implements ParquetFiles.Sink, AutoCloseable {

    private final ParquetFileWriter file;
    private final MessageType parquetSchema;
    private final ParquetProperties properties;
    private final CodecFactory codecs;
    private final CompressionCodecName codec;
    private final Map<String, String> footer;
    private final long rowGroupRows;
    private final long rowGroupBytes;
    private final List<FieldPlan> fields;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private ColumnWriter[] writers;
    private int rowGroupOrdinal;
    private long rows;

    FlatParquetWriter(OutputFile out, Schema schema, Configuration conf, ParquetProperties properties,
                      CompressionCodecName codec, long rowGroupRows, long rowGroupBytes) throws IOException {
        this.parquetSchema = RawWriteSupport.parquetSchema(schema, conf);
        this.fields = plan(schema, parquetSchema);
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

    /** Whether {@code schema} is flat enough for this writer (else parquet-avro writes it). */
    static boolean fits(Schema schema, Configuration conf) {
        try {
            plan(schema, RawWriteSupport.parquetSchema(schema, conf));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void write(GenericRecord record) throws IOException {
        for (FieldPlan field : fields) {
            Object value = record.get(field.avroPos);
            if (field.map) {
                writeMap(field, value);
            } else if (value == null) {
                if (field.required) {
                    throw new IllegalArgumentException("Null-value for required field: " + field.name);
                }
                writers[field.column].writeNull(0, 0);
            } else {
                writeValue(writers[field.column], field.kind, value, 0, field.valueDef);
            }
        }
        columns.endRecord();
        rows++;
        if (rows >= rowGroupRows || (rows % 1024 == 0 && columns.getBufferedSize() >= rowGroupBytes)) {
            flushRowGroup();
            startRowGroup();
        }
    }

    private void writeMap(FieldPlan field, Object value) {
        ColumnWriter keys = writers[field.column];
        ColumnWriter values = writers[field.column + 1];
        if (value == null) {
            if (field.required) {
                throw new IllegalArgumentException("Null-value for required field: " + field.name);
            }
            keys.writeNull(0, 0);
            values.writeNull(0, 0);
            return;
        }
        Map<?, ?> map = (Map<?, ?>) value;
        if (map.isEmpty()) {
            keys.writeNull(0, field.keyDef - 1);
            values.writeNull(0, field.keyDef - 1);
            return;
        }
        int repetition = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("Null key in map field: " + field.name);
            }
            keys.write(text(entry.getKey()), repetition, field.keyDef);
            Object v = entry.getValue();
            if (v == null) {
                if (field.valueDef == field.keyDef) {
                    throw new IllegalArgumentException("Null value in map field: " + field.name);
                }
                values.writeNull(repetition, field.keyDef);
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
            case INT -> writer.write(((Number) value).intValue(), repetition, definition);
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
        return Binary.fromCharSequence((CharSequence) value);
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

    /**
     * One Avro field: its first Parquet column (a map's keys; its values are the next), how its values are written,
     * and the definition level of a present value (a map's: of a key, and of a present value).
     */
    private record FieldPlan(int avroPos, String name, int column, boolean map, boolean required, Kind kind,
                             int keyDef, int valueDef) {}

    /** The fields in Parquet's column order; IllegalArgumentException for a shape outside a flat record. */
    private static List<FieldPlan> plan(Schema avro, MessageType parquet) {
        List<FieldPlan> plan = new ArrayList<>();
        int column = 0;
        int index = 0;
        for (Schema.Field field : avro.getFields()) {
            Schema schema = field.schema();
            boolean required = true;
            if (schema.getType() == Schema.Type.UNION) {
                schema = nonNullOfTwo(schema, field.name());
                required = false;
            }
            Type type = parquet.getType(index++);
            if (type.isRepetition(Type.Repetition.REQUIRED) != required) {
                throw new IllegalArgumentException("field " + field.name() + ": nullability differs in Parquet");
            }
            int base = required ? 0 : 1;
            if (schema.getType() == Schema.Type.MAP) {
                Schema values = schema.getValueType();
                boolean valuesRequired = true;
                if (values.getType() == Schema.Type.UNION) {
                    values = nonNullOfTwo(values, field.name());
                    valuesRequired = false;
                }
                if (values.getType() != Schema.Type.STRING || type.isPrimitive()) {
                    throw new IllegalArgumentException("field " + field.name() + ": only maps of text are flat");
                }
                GroupType entries = type.asGroupType().getType(0).asGroupType();
                if (entries.getFieldCount() != 2 || !isText(entries.getType(0)) || !isText(entries.getType(1))) {
                    throw new IllegalArgumentException("field " + field.name() + ": unexpected map layout");
                }
                int keyDef = base + 1;
                plan.add(new FieldPlan(field.pos(), field.name(), column, true, required, Kind.STRING, keyDef,
                        valuesRequired ? keyDef : keyDef + 1));
                column += 2;
                continue;
            }
            if (!type.isPrimitive()) {
                throw new IllegalArgumentException("field " + field.name() + ": nested records are not flat");
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
            plan.add(new FieldPlan(field.pos(), field.name(), column, false, required, kind, base, base));
            column++;
        }
        if (index != parquet.getFieldCount()) {
            throw new IllegalArgumentException("the Parquet schema has other fields than the Avro one");
        }
        return List.copyOf(plan);
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
        throw new IllegalArgumentException("field " + field + ": only unions of null and one type are flat");
    }
}
