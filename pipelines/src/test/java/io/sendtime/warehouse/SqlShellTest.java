package io.sendtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;
import io.sendtime.cli.ExitCodes;

/**
 * {@code sendtime sql} cannot leak: every way out of the warehouse's tables (writing or reading files,
 * attaching, extensions, settings, more than one statement) is refused in one line with exit 2 and writes
 * nothing, while ordinary queries still work.
 */
class SqlShellTest {

    @TempDir
    Path dir;

    Path config;
    Path file;
    Path outside;

    @BeforeEach
    void warehouse() throws Exception {
        config = dir.resolve("sendtime.yaml");
        file = dir.resolve("var/warehouse/sendtime.duckdb");
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "the content of a file next to the warehouse\n");
        Files.writeString(outside.resolve("data.csv"), "email\nbob@example.com\n");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  warehouse:
                    memory-limit: 256MB
                    threads: 1
                """.formatted(dir.resolve("var")));
        new Warehouse(new WarehouseSettings(file, "256MB", 1)).write(h -> h.execute("""
                INSERT INTO segment_definitions VALUES
                  ('vip', 1, 'lifetime_value_minor > 100000', 'big spenders'),
                  ('at_risk', 20, 'days_since_last_order > 90', 'quiet, was active')"""));
    }

    @Test
    void escapesAreRefusedAndWriteNothing() throws Exception {
        String o = outside.toString();
        List<String> escapes = List.of(
                "COPY (SELECT * FROM segment_definitions) TO '" + o + "/leak.csv'",
                "COPY segment_definitions TO '" + o + "/leak.parquet' (FORMAT parquet)",
                "copy (select name from segment_definitions) to '" + o + "/leak2.csv'",
                "  \n\tCoPy segment_definitions TO '" + o + "/leak3.csv'",
                "/* hello */ COPY segment_definitions TO '" + o + "/leak4.csv'",
                "EXPORT DATABASE '" + o + "/export'",
                "SELECT content FROM read_text('" + o + "/secret.txt')",
                "SELECT * FROM read_csv('" + o + "/data.csv')",
                "SELECT * FROM read_csv_auto('" + o + "/data.csv')",
                "SELECT * FROM '" + o + "/data.csv'",
                "FROM '" + o + "/data.csv'",
                "SELECT * FROM read_blob('" + o + "/secret.txt')",
                "SELECT * FROM glob('" + o + "/*')",
                "SELECT * FROM sniff_csv('" + o + "/data.csv')",
                "SELECT * FROM read_json('" + o + "/data.csv')",
                "SELECT * FROM read_parquet('" + o + "/*.parquet')",
                "ATTACH '" + o + "/other.duckdb' AS other",
                "ATTACH ':memory:' AS mem",
                "INSTALL httpfs",
                "LOAD httpfs",
                "SET enable_external_access = true",
                "SET lock_configuration = false",
                "SET threads = 1",
                "RESET memory_limit",
                "PRAGMA threads=1",
                "CALL pragma_version()",
                "SELECT 1; COPY segment_definitions TO '" + o + "/leak5.csv'",
                "SELECT 1; SELECT 2",
                "SELECT 1;\nDELETE FROM segment_definitions",
                "DELETE FROM segment_definitions",
                "DROP TABLE segment_definitions",
                "CREATE TABLE x (id INTEGER)",
                "CREATE TEMP TABLE x AS SELECT 1",
                "INSERT INTO segment_definitions VALUES ('x', 99, 'true', 'x')",
                "UPDATE segment_definitions SET priority = 0",
                "CHECKPOINT",
                "DETACH DATABASE sendtime",
                "EXPLAIN ANALYZE COPY segment_definitions TO '" + o + "/leak6.csv'",
                "WITH x AS (SELECT 1) COPY segment_definitions TO '" + o + "/leak7.csv'",
                "SELECT * FROM (SELECT 1); ATTACH '" + o + "/o.duckdb'",
                "");

        for (String escape : escapes) {
            CliRun r = CliRun.run(config, "sql", escape);
            assertThat(r.exitCode()).as(escape + " -> " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).as(escape).isEmpty();
            assertThat(r.err()).as(escape).startsWith("sendtime: ").hasLineCount(1);
        }
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("nothing written next to the warehouse")
                    .containsExactlyInAnyOrder("secret.txt", "data.csv");
        }
        assertThat(CliRun.run(config, "sql", "SELECT count(*) AS n FROM segment_definitions").out()).contains("2");
        assertThat(escapes).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void ordinaryQueriesStillWork() {
        for (String query : List.of("SELECT name FROM segment_definitions ORDER BY priority",
                "select name from segment_definitions", "FROM segment_definitions", "DESCRIBE segment_definitions",
                "SHOW TABLES", "EXPLAIN SELECT * FROM segment_definitions", "SUMMARIZE segment_definitions",
                "WITH v AS (SELECT name FROM segment_definitions) SELECT * FROM v", "VALUES (1, 'one')",
                "SELECT ';' AS semicolon -- a comment; COPY x TO 'y'", "SELECT 1;")) {
            CliRun r = CliRun.run(config, "sql", query);
            assertThat(r.exitCode()).as(query + " -> " + r.err()).isEqualTo(ExitCodes.OK);
        }
        assertThat(CliRun.run(config, "sql", "SELECT name FROM segment_definitions ORDER BY priority").out())
                .contains("vip", "at_risk");
    }

    @Test
    void aRefusalSaysWhatTheShellRuns() {
        CliRun copy = CliRun.run(config, "sql", "COPY segment_definitions TO 'x.csv'");
        assertThat(copy.err()).startsWith("sendtime: sql runs " + ShellStatement.ALLOWED + ", not COPY (");
        CliRun file = CliRun.run(config, "sql", "SELECT * FROM read_text('/etc/hostname')");
        assertThat(file.err()).startsWith("sendtime: sql reads the warehouse's tables only: files, extensions");
        CliRun two = CliRun.run(config, "sql", "SELECT 1; SELECT 2");
        assertThat(two.err()).endsWith("this holds 2 statements\n");
    }
}
