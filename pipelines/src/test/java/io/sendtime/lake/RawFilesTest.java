package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw files: for every shipped raw schema the direct writer writes the very file parquet-avro writes with the raw
 * properties; raw files keep no statistics on text columns and read back the records they were given.
 */
class RawFilesTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @Test
    void everyRawSchemaGoesStraightToTheColumnWritersAndGivesParquetAvrosFile() throws Exception {
        Lake lake = new Lake(dir.toUri(), Map.of());
        ParquetFiles parquet = new ParquetFiles(lake);
        List<Path> schemas = rawSchemaFiles();
        assertThat(schemas).as("the shipped raw schemas are found").hasSizeGreaterThan(10);
        for (Path file : schemas) {
            // given records of every shape the raw schema allows: nulls, empty and nested lists, non-ASCII text
            Schema schema = parse(file);
            assertThat(DirectParquetWriter.fits(schema, conf)).as("%s is written by the direct writer", file).isTrue();
            List<GenericRecord> records = records(schema, 2000, new Random(file.toString().hashCode()));

            // when the raw writer writes them with the direct writer and with parquet-avro
            var direct = new org.apache.hadoop.fs.Path(dir.resolve(name(file) + "-direct.parquet").toUri());
            var avro = new org.apache.hadoop.fs.Path(dir.resolve(name(file) + "-avro.parquet").toUri());
            for (var target : List.of(direct, avro)) {
                ParquetFiles.Writer writer = parquet.openRaw(target, schema, target == direct);
                records.forEach(writer::write);
                writer.close();
            }

            // then the files are the same bytes (statistics on numbers and timestamps, none on text, one row group)
            assertThat(Files.readAllBytes(dir.resolve(name(file) + "-direct.parquet")))
                    .as("%s: the direct writer's raw file is parquet-avro's", file)
                    .isEqualTo(Files.readAllBytes(dir.resolve(name(file) + "-avro.parquet")));
        }
    }

    @Test
    void rawFilesKeepNoTextStatisticsAndReadBackTheirRecords() throws Exception {
        // given converted orders (text, numbers, timestamps, a list of line items)
        Lake lake = new Lake(dir.toUri(), Map.of());
        Schema schema = new RawSchemas().schema("commerce", "orders");
        List<GenericRecord> records = records(schema, 200, new Random(7));
        var target = lake.rawFile("commerce", "orders", java.time.LocalDate.of(2026, 11, 1), "run-1-00000.parquet");

        // when they are written as a raw file
        new ParquetFiles(lake).writeRaw(target, schema, records);

        // then they read back as they were given
        List<GenericRecord> back = new ParquetFiles(lake).readAll(target);
        assertThat(back).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(GenericData.get().toString(back.get(i))).as("record %d reads back", i)
                    .isEqualTo(GenericData.get().toString(records.get(i)));
        }
        // and text columns carry no statistics while numbers and timestamps keep theirs
        try (var reader = ParquetFileReader.open(HadoopInputFile.fromPath(target, conf))) {
            int text = 0;
            int numbers = 0;
            for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
                Statistics<?> stats = column.getStatistics();
                if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) {
                    text++;
                    assertThat(stats == null || !stats.hasNonNullValue()).as("no min/max on text column %s", column.getPath())
                            .isTrue();
                } else {
                    numbers++;
                    assertThat(stats.hasNonNullValue()).as("min/max on %s", column.getPath()).isTrue();
                }
            }
            assertThat(text).as("text columns").isPositive();
            assertThat(numbers).as("number and timestamp columns").isPositive();
        }
    }

    private static List<Path> rawSchemaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/schemas/raw"))) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    private static Schema parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return RawSchemas.withLineage(new Schema.Parser().parse(in));
        }
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "-" + file.getFileName().toString().replace(".avsc", "");
    }

    static List<GenericRecord> records(Schema schema, int n, Random random) {
        List<GenericRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(schema, random));
        }
        return out;
    }

    private static GenericRecord record(Schema schema, Random random) {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(field.schema(), random));
        }
        return record;
    }

    private static Object value(Schema schema, Random random) {
        return switch (schema.getType()) {
            case UNION -> {
                Schema branch = schema.getTypes().get(random.nextInt(schema.getTypes().size()));
                yield branch.getType() == Schema.Type.NULL ? null : value(branch, random);
            }
            case STRING -> text(random);
            case LONG -> random.nextInt(4) == 0 ? random.nextLong() : (long) random.nextInt(1000);
            case INT -> random.nextInt();
            case DOUBLE -> random.nextDouble() * 1000;
            case BOOLEAN -> random.nextBoolean();
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(schema.getElementType(), random));
                }
                yield items;
            }
            case RECORD -> record(schema, random);
            default -> throw new IllegalArgumentException("no value for " + schema);
        };
    }

    /** Text as the converter hands it over: a String or a Utf8, ASCII or not, sometimes empty. */
    private static CharSequence text(Random random) {
        String[] words = {"", "a", "evt_0001", "Zoë Müller", "東京", "price 12.50", "x".repeat(200)};
        String s = words[random.nextInt(words.length)] + (random.nextBoolean() ? random.nextInt(100_000) : "");
        return random.nextBoolean() ? new Utf8(s) : s;
    }
}
