package io.sendtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.load.WarehouseLoader;

/**
 * The version order exists once in Java ({@link LatestVersions}, the transform) and once in SQL
 * (sql/load/keep_latest.sql, the load and the compaction): on versions full of ties, both keep the same
 * version of every key.
 */
class VersionOrderTest {

    private static final Schema VERSION = SchemaBuilder.record("version").fields()
            .requiredString("id").requiredLong(CuratedSchemas.SOURCE_UPDATED_AT).requiredLong(CuratedSchemas.EXTRACTED_AT)
            .requiredString(CuratedSchemas.RAW_RUN_ID).requiredInt("n").endRecord();

    @Test
    void javaAndSqlKeepTheSameLatestVersion() throws Exception {
        // given versions of 50 keys whose order fields tie often, in a shuffled order
        Random random = new Random(11);
        List<GenericRecord> versions = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            versions.add(new GenericRecordBuilder(VERSION).set("id", "k" + random.nextInt(50))
                    .set(CuratedSchemas.SOURCE_UPDATED_AT, (long) random.nextInt(3))
                    .set(CuratedSchemas.EXTRACTED_AT, (long) random.nextInt(3))
                    .set(CuratedSchemas.RAW_RUN_ID, "20261122T0" + random.nextInt(3) + "0000Z-" + random.nextInt(3))
                    .set("n", n).build());
        }

        // when the transform keeps the latest in Java
        LatestVersions latest = new LatestVersions("id");
        versions.forEach(latest::offer);
        Map<String, String> inJava = new TreeMap<>();
        latest.values().forEach(v -> inJava.put(v.get("id").toString(), orderOf(v)));

        // and the load keeps the latest in SQL
        Map<String, String> inSql = new TreeMap<>();
        try (Handle h = Jdbi.create("jdbc:duckdb:").open()) {
            h.execute("CREATE TABLE versions (id VARCHAR, _source_updated_at BIGINT, _extracted_at BIGINT,"
                    + " _raw_run_id VARCHAR, n INTEGER)");
            try (DuckDBAppender appender = h.getConnection().unwrap(DuckDBConnection.class)
                    .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "versions")) {
                for (GenericRecord v : versions) {
                    appender.beginRow().append(v.get("id").toString()).append((Long) v.get(CuratedSchemas.SOURCE_UPDATED_AT))
                            .append((Long) v.get(CuratedSchemas.EXTRACTED_AT)).append(v.get(CuratedSchemas.RAW_RUN_ID).toString())
                            .append((Integer) v.get("n")).endRow();
                }
            }
            h.createQuery("SELECT id, _source_updated_at, _extracted_at, _raw_run_id FROM versions "
                            + WarehouseLoader.keepLatest("id"))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getString(4)))
                    .forEach(e -> inSql.put(e.getKey(), e.getValue()));
        }

        // then
        assertThat(inJava).hasSize(50);
        assertThat(inSql).as("sql/load/keep_latest.sql keeps what LatestVersions keeps").isEqualTo(inJava);
    }

    private static String orderOf(GenericRecord v) {
        return v.get(CuratedSchemas.SOURCE_UPDATED_AT) + "/" + v.get(CuratedSchemas.EXTRACTED_AT) + "/"
                + v.get(CuratedSchemas.RAW_RUN_ID);
    }
}
