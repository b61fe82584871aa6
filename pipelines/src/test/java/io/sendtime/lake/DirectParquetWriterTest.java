package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct writer writes the very file parquet-avro writes with the same settings, for the export's token sets,
 * for every flat shape it plans (nullable maps and map values, numbers, booleans) and for lists of records nested in
 * lists, across many pages; it splits row groups by record count, and parquet-avro and DuckDB read every record back.
 */
class DirectParquetWriterTest {

    private static final String SHAPES = """
            {"type": "record", "name": "Shapes", "fields": [
              {"name": "id", "type": "string"},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "count", "type": "int"},
              {"name": "score", "type": ["null", "double"], "default": null},
              {"name": "ok", "type": "boolean"},
              {"name": "ratio", "type": "float"},
              {"name": "labels", "type": ["null", {"type": "map", "values": ["null", "string"]}], "default": null},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}}
            ]}""";

    /** Lists of records, nullable and required, nested in each other, beside a nullable map. */
    private static final String NESTED = """
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "lines", "type": ["null", {"type": "array", "items": {"type": "record", "name": "Line",
                "fields": [
                  {"name": "sku", "type": ["null", "string"], "default": null},
                  {"name": "quantity", "type": "int"},
                  {"name": "taxes", "type": ["null", {"type": "array", "items": {"type": "record", "name": "Tax",
                    "fields": [{"name": "rate", "type": ["null", "double"], "default": null},
                               {"name": "title", "type": "string"}]}}], "default": null},
                  {"name": "gift", "type": ["null", "boolean"], "default": null}]}}], "default": null},
              {"name": "addresses", "type": {"type": "array", "items": {"type": "record", "name": "Address",
                "fields": [{"name": "city", "type": ["null", "string"], "default": null},
                           {"name": "zip", "type": "string"}]}}},
              {"name": "labels", "type": ["null", {"type": "map", "values": "string"}], "default": null},
              {"name": "at", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}], "default": null}
            ]}""";

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @Test
    void writesTheFileParquetAvroWritesForTheTokenSetsAndEveryFlatShape() throws Exception {
        for (Schema schema : List.of(tokenSets(), new Schema.Parser().parse(SHAPES))) {
            // given records of every shape the schema allows: nulls, empty maps, null map values, non-ASCII text
            List<GenericRecord> records = records(schema, 3000, new Random(schema.getName().hashCode()));

            // when parquet-avro and the flat writer write them with the export's settings (one row group)
            Path expected = dir.resolve(schema.getName() + "-avro.parquet");
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
                            HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(expected.toUri()), conf))
                    .withSchema(schema).withDataModel(GenericData.get()).withConf(conf)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).withDictionaryEncoding(false)
                    .withStatisticsEnabled(false).withSizeStatisticsEnabled(false)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
                for (GenericRecord r : records) {
                    writer.write(r);
                }
            }
            Path actual = writeFlat(dir.resolve(schema.getName() + "-flat.parquet"), schema, records, 1_000_000);

            // then the two files are the same bytes
            assertThat(DirectParquetWriter.fits(schema, conf)).isTrue();
            assertThat(Files.readAllBytes(actual)).as("%s: the flat writer's file is parquet-avro's", schema.getName())
                    .isEqualTo(Files.readAllBytes(expected));
        }
    }

    @Test
    void writesTheFileParquetAvroWritesForListsOfRecordsNestedInLists() throws Exception {
        // given orders with nullable and required lists of records, lists inside their elements, empty lists and
        // nulls at every level, written in pages of 1 KB (hundreds of pages per column)
        Schema schema = new Schema.Parser().parse(NESTED);
        List<GenericRecord> records = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            records.add(nested(schema, random, i));
        }
        ParquetProperties small = ParquetProperties.builder().withDictionaryEncoding(false).withPageSize(1024)
                .withStatisticsEnabled(true).withSizeStatisticsEnabled(true).build();

        // when parquet-avro and the direct writer write them with the same properties (one row group)
        Path expected = dir.resolve("nested-avro.parquet");
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
                        HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(expected.toUri()), conf))
                .withSchema(schema).withDataModel(GenericData.get()).withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY).withDictionaryEncoding(false).withPageSize(1024)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (GenericRecord r : records) {
                writer.write(r);
            }
        }
        Path actual = dir.resolve("nested-direct.parquet");
        try (DirectParquetWriter writer = new DirectParquetWriter(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(actual.toUri()), conf), schema, conf, small,
                CompressionCodecName.SNAPPY, Long.MAX_VALUE, ParquetWriter.DEFAULT_BLOCK_SIZE)) {
            for (GenericRecord r : records) {
                writer.write(r);
            }
        }

        // then the two files are the same bytes, and parquet-avro reads back what was given
        assertThat(DirectParquetWriter.fits(schema, conf)).isTrue();
        assertThat(Files.readAllBytes(actual)).as("the direct writer's nested file is parquet-avro's")
                .isEqualTo(Files.readAllBytes(expected));
        List<GenericRecord> back = new ParquetFiles(new Lake(dir.toUri(), Map.of()))
                .readAll(new org.apache.hadoop.fs.Path(actual.toUri()));
        assertThat(back).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(canonical(back.get(i))).as("record %d", i).isEqualTo(canonical(records.get(i)));
        }
    }

    @Test
    void refusesANullElementOrAMissingRequiredList() throws Exception {
        // given an order whose line list holds a null, and one without its required list of addresses
        Schema schema = new Schema.Parser().parse(NESTED);
        GenericRecord nullElement = nested(schema, new Random(5), 0);
        List<Object> lines = new ArrayList<>();
        lines.add(null);
        nullElement.put("lines", lines);
        GenericRecord noAddresses = nested(schema, new Random(6), 1);
        noAddresses.put("addresses", null);

        // when each is written, then it fails naming the field
        for (var entry : Map.of(nullElement, "lines", noAddresses, "addresses").entrySet()) {
            Path file = dir.resolve("bad-" + entry.getValue() + ".parquet");
            DirectParquetWriter writer = new DirectParquetWriter(
                    HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf), schema, conf,
                    ParquetFiles.exportProperties(), CompressionCodecName.SNAPPY, 100, ParquetWriter.DEFAULT_BLOCK_SIZE);
            assertThatThrownBy(() -> writer.write(entry.getKey())).hasMessageContaining(entry.getValue());
            writer.abort();
        }
    }

    @Test
    void splitsRowGroupsByRecordsAndReadsBackInParquetAvroAndDuckDb() throws Exception {
        // given 250 token sets
        Schema schema = tokenSets();
        List<GenericRecord> records = records(schema, 250, new Random(3));

        // when they are written in row groups of 100 records
        Path file = writeFlat(dir.resolve("token_sets.parquet"), schema, records, 100);

        // then the file has three row groups, and parquet-avro reads back what was given
        try (var reader = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
            assertThat(reader.getFooter().getBlocks()).extracting(b -> b.getRowCount()).containsExactly(100L, 100L, 50L);
        }
        Lake lake = new Lake(dir.toUri(), Map.of());
        List<GenericRecord> back = new ParquetFiles(lake).readAll(new org.apache.hadoop.fs.Path(file.toUri()));
        assertThat(back).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(canonical(back.get(i))).as("record %d", i).isEqualTo(canonical(records.get(i)));
        }
        // and so does DuckDB, maps included
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT customer_key, email, tokens['t1'], cardinality(tokens), custom_args['a'] "
                     + "FROM read_parquet('" + file + "') ORDER BY file_row_number")) {
            int i = 0;
            while (rs.next()) {
                GenericRecord r = records.get(i++);
                @SuppressWarnings("unchecked")
                Map<String, String> tokens = (Map<String, String>) r.get("tokens");
                @SuppressWarnings("unchecked")
                Map<String, String> args = (Map<String, String>) r.get("custom_args");
                assertThat(rs.getString(1)).isEqualTo(r.get("customer_key"));
                assertThat(rs.getString(2)).isEqualTo(r.get("email"));
                assertThat(rs.getString(3)).isEqualTo(tokens.get("t1"));
                assertThat(rs.getInt(4)).isEqualTo(tokens.size());
                assertThat(rs.getString(5)).isEqualTo(args.get("a"));
            }
            assertThat(i).isEqualTo(records.size());
        }
    }

    @Test
    void refusesWhatItDoesNotPlanAndTheExportFallsBackToParquetAvro() throws Exception {
        // given a schema with a list of text and a nested record outside a list, and a token set missing its key
        Schema nested = new Schema.Parser().parse("""
                {"type": "record", "name": "Nested", "fields": [
                  {"name": "tags", "type": {"type": "array", "items": "string"}},
                  {"name": "address", "type": {"type": "record", "name": "Address",
                    "fields": [{"name": "city", "type": "string"}]}}]}""");
        assertThat(DirectParquetWriter.fits(nested, conf)).isFalse();
        Lake lake = new Lake(dir.toUri(), Map.of());
        var target = new org.apache.hadoop.fs.Path(dir.resolve("nested.parquet").toUri());
        GenericRecord address = new GenericData.Record(nested.getField("address").schema());
        address.put("city", "Lyon");
        GenericRecord record = new GenericData.Record(nested);
        record.put("tags", List.of("a", "b"));
        record.put("address", address);
        var writer = new ParquetFiles(lake).openExport(target, nested);
        writer.write(record);
        writer.close();
        assertThat(new ParquetFiles(lake).readAll(target)).hasSize(1);

        // then a record without its required customer key fails, and nothing is committed
        var tokenTarget = new org.apache.hadoop.fs.Path(dir.resolve("bad.parquet").toUri());
        var export = new ParquetFiles(lake).openExport(tokenTarget, tokenSets());
        GenericRecord bad = records(tokenSets(), 1, new Random(1)).get(0);
        bad.put("customer_key", null);
        assertThatThrownBy(() -> export.write(bad)).hasMessageContaining("customer_key");
        export.abandon();
        assertThat(dir.resolve("bad.parquet")).doesNotExist();
    }

    private Path writeFlat(Path file, Schema schema, List<GenericRecord> records, long rowGroupRows) throws IOException {
        try (DirectParquetWriter writer = new DirectParquetWriter(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf), schema, conf,
                ParquetFiles.exportProperties(), CompressionCodecName.SNAPPY, rowGroupRows, ParquetWriter.DEFAULT_BLOCK_SIZE)) {
            for (GenericRecord r : records) {
                writer.write(r);
            }
        }
        return file;
    }

    /** An order of {@link #NESTED}: each nullable value null one time in four, lists of 0-3 elements. */
    private static GenericRecord nested(Schema schema, Random random, int i) {
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", (long) i);
        order.put("note", random.nextInt(4) == 0 ? null : text(random, i));
        if (random.nextInt(4) != 0) {
            Schema line = schema.getField("lines").schema().getTypes().get(1).getElementType();
            Schema tax = line.getField("taxes").schema().getTypes().get(1).getElementType();
            List<GenericRecord> lines = new ArrayList<>();
            for (int l = random.nextInt(4); l > 0; l--) {
                GenericRecord r = new GenericData.Record(line);
                r.put("sku", random.nextInt(4) == 0 ? null : "SKU-" + random.nextInt(100));
                r.put("quantity", random.nextInt(5));
                if (random.nextInt(4) != 0) {
                    List<GenericRecord> taxes = new ArrayList<>();
                    for (int t = random.nextInt(3); t > 0; t--) {
                        GenericRecord x = new GenericData.Record(tax);
                        x.put("rate", random.nextInt(4) == 0 ? null : random.nextDouble());
                        x.put("title", text(random, t));
                        taxes.add(x);
                    }
                    r.put("taxes", taxes);
                }
                r.put("gift", random.nextInt(4) == 0 ? null : random.nextBoolean());
                lines.add(r);
            }
            order.put("lines", lines);
        }
        Schema address = schema.getField("addresses").schema().getElementType();
        List<GenericRecord> addresses = new ArrayList<>();
        for (int a = random.nextInt(3); a > 0; a--) {
            GenericRecord r = new GenericData.Record(address);
            r.put("city", random.nextInt(4) == 0 ? null : text(random, a));
            r.put("zip", String.valueOf(random.nextInt(99_999)));
            addresses.add(r);
        }
        order.put("addresses", addresses);
        if (random.nextInt(4) != 0) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                labels.put("k" + k, text(random, k));
            }
            order.put("labels", labels);
        }
        order.put("at", random.nextInt(4) == 0 ? null : random.nextLong());
        return order;
    }

    /** A record's values as text, maps sorted by key (parquet-avro reads maps back in hash order). */
    private static Map<String, Object> canonical(GenericRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object v = record.get(field.pos());
            if (v instanceof Map<?, ?> map) {
                Map<String, String> sorted = new java.util.TreeMap<>();
                map.forEach((k, x) -> sorted.put(k.toString(), x == null ? null : x.toString()));
                out.put(field.name(), sorted);
            } else {
                out.put(field.name(), v == null ? null : v.toString());
            }
        }
        return out;
    }

    private static Schema tokenSets() throws IOException {
        try (InputStream in = DirectParquetWriterTest.class.getResourceAsStream("/schemas/export/token_sets.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    /** Random records of a flat schema: each nullable value null one time in four, maps of 0-9 entries. */
    private static List<GenericRecord> records(Schema schema, int n, Random random) {
        List<GenericRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenericRecord r = new GenericData.Record(schema);
            for (Schema.Field field : schema.getFields()) {
                Schema type = field.schema();
                if (type.getType() == Schema.Type.UNION) {
                    if (random.nextInt(4) == 0) {
                        continue;
                    }
                    type = type.getTypes().get(1);
                }
                r.put(field.pos(), value(type, random, i));
            }
            out.add(r);
        }
        return out;
    }

    private static Object value(Schema type, Random random, int i) {
        return switch (type.getType()) {
            case STRING -> text(random, i);
            case INT -> random.nextInt();
            case LONG -> random.nextLong();
            case DOUBLE -> random.nextDouble();
            case FLOAT -> random.nextFloat();
            case BOOLEAN -> random.nextBoolean();
            case MAP -> {
                Map<String, String> map = new LinkedHashMap<>();
                int size = random.nextInt(10);
                boolean nullableValues = type.getValueType().getType() == Schema.Type.UNION;
                for (int k = 0; k < size; k++) {
                    map.put(k == 0 ? "a" : "t" + k, nullableValues && random.nextInt(5) == 0 ? null : text(random, k));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static String text(Random random, int i) {
        String[] pieces = {"Grüße", "<b>€ 12,50</b>", "", "line\nbreak", "日本語", "plain text " + i};
        return pieces[random.nextInt(pieces.length)] + random.nextInt(1000);
    }
}
