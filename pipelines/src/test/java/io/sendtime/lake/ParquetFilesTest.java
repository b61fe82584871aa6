package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class ParquetFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyAndRoundTripsThroughParquetAndDuckDb() throws Exception {
        // given a lake in a temp dir and a few converted orders
        Lake lake = new Lake(dir.toUri(), Map.of());
        Schema schema = new RawSchemas().schema("commerce", "orders");
        RecordConverter converter = new RecordConverter(schema);
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            GenericRecord r = converter.convert(new ObjectMapper().readTree("""
                    {"id":%d,"updated_at":"2026-10-0%dT10:00:00.123456Z","currency":"EUR","total_price":"1%d.50",
                     "line_items":[{"id":%d,"product_id":7,"quantity":1,"price":"1%d.50"}]}""".formatted(i, i, i, i, i))).record();
            r.put(RawSchemas.RUN_ID, "run-1");
            r.put(RawSchemas.EXTRACTED_AT, RecordConverter.toMicros(Instant.parse("2026-11-01T00:00:00Z")));
            r.put(RawSchemas.SOURCE_UPDATED_AT, r.get("updated_at"));
            records.add(r);
        }
        var target = lake.rawFile("commerce", "orders", java.time.LocalDate.of(2026, 11, 1), "run-1-00000.parquet");

        // when
        new ParquetFiles(lake).writeAtomically(target, schema, records);

        // then the file is committed under its final name, with no in-progress file left behind
        Path written = Path.of(target.toUri());
        assertThat(written).exists();
        try (var files = Files.list(written.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("run-1-00000.parquet");
        }
        // and it reads back field by field
        List<GenericRecord> back = new ParquetFiles(lake).readAll(target);
        assertThat(back).hasSize(3);
        assertThat(back.get(1).get("total_price")).hasToString("12.50");
        assertThat(back.get(2).get("updated_at")).isEqualTo(records.get(2).get("updated_at"));
        // and another reader (DuckDB) opens it with the intended types
        try (var duck = DriverManager.getConnection("jdbc:duckdb:");
             var rs = duck.createStatement().executeQuery("SELECT id, updated_at::VARCHAR, len(line_items), _run_id FROM read_parquet('"
                     + written + "') ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).as("timestamp-micros is a timestamp with microseconds")
                    .startsWith("2026-10-01 10:00:00.123456");
            assertThat(rs.getInt(3)).isEqualTo(1);
            assertThat(rs.getString(4)).isEqualTo("run-1");
        }
    }
}
