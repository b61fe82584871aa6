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
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export's flat writer writes the very file parquet-avro writes with the same settings, for the export's token
 * sets and for every flat shape it plans (nullable maps and map values, numbers, booleans); it splits row groups by
 * record count, and parquet-avro and DuckDB read every record back.
 */
class FlatParquetWriterTest {

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
            assertThat(FlatParquetWriter.fits(schema, conf)).isTrue();
            assertThat(Files.readAllBytes(actual)).as("%s: the flat writer's file is parquet-avro's", schema.getName())
                    .isEqualTo(Files.readAllBytes(expected));
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
    void refusesWhatIsNotFlatAndTheExportFallsBackToParquetAvro() throws Exception {
        // given a schema with a list of records, and a token set missing its required key
        Schema nested = new Schema.Parser().parse("""
                {"type": "record", "name": "Nested", "fields": [
                  {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item",
                    "fields": [{"name": "sku", "type": "string"}]}}}]}""");
        assertThat(FlatParquetWriter.fits(nested, conf)).isFalse();
        Lake lake = new Lake(dir.toUri(), Map.of());
        var target = new org.apache.hadoop.fs.Path(dir.resolve("nested.parquet").toUri());
        GenericRecord item = new GenericData.Record(nested.getField("items").schema().getElementType());
        item.put("sku", "A-1");
        GenericRecord record = new GenericData.Record(nested);
        record.put("items", List.of(item));
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
        try (FlatParquetWriter writer = new FlatParquetWriter(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf), schema, conf,
                ParquetFiles.exportProperties(), CompressionCodecName.SNAPPY, rowGroupRows, ParquetWriter.DEFAULT_BLOCK_SIZE)) {
            for (GenericRecord r : records) {
                writer.write(r);
            }
        }
        return file;
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
        try (InputStream in = FlatParquetWriterTest.class.getResourceAsStream("/schemas/export/token_sets.avsc")) {
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
