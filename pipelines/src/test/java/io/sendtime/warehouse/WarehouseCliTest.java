package io.sendtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;
import io.sendtime.cli.ExitCodes;
import io.sendtime.cli.Main;

/** {@code sendtime sql} and {@code sendtime inspect runs} against a real warehouse file. */
class WarehouseCliTest {

    @TempDir
    Path dir;

    Path config;
    Path file;

    @BeforeEach
    void config() throws Exception {
        config = dir.resolve("sendtime.yaml");
        file = dir.resolve("var/warehouse/sendtime.duckdb");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  warehouse:
                    memory-limit: 256MB
                    threads: 1
                """.formatted(dir.resolve("var")));
    }

    CliRun run(String... args) {
        return CliRun.run(config, args);
    }

    void givenAWarehouseWithSegments() {
        new Warehouse(new WarehouseSettings(file, "256MB", 1)).write(h -> h.execute("""
                INSERT INTO segment_definitions VALUES
                  ('vip', 1, 'lifetime_value_minor > 100000', 'big spenders'),
                  ('at_risk', 20, 'days_since_last_order > 90', 'quiet, was active')"""));
    }

    @Test
    void sqlPrintsAnAlignedTable() {
        givenAWarehouseWithSegments();

        CliRun r = run("sql", "SELECT name, priority, NULL AS nothing, CASE WHEN priority = 1 THEN 'x' END AS maybe"
                + " FROM segment_definitions ORDER BY priority");

        // numbers right-aligned, text left-aligned, NULL shown as such
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("""
                name     priority  nothing  maybe
                -------  --------  -------  -----
                vip             1  NULL     x
                at_risk        20  NULL     NULL
                (2 rows)
                """);
    }

    @Test
    void sqlPrintsCsvAndJson() {
        givenAWarehouseWithSegments();

        CliRun csv = run("sql", "--format", "csv", "SELECT name, description FROM segment_definitions ORDER BY priority");
        CliRun json = run("sql", "--format", "json",
                "SELECT name, priority, ['a', 'b'] AS tags FROM segment_definitions ORDER BY priority LIMIT 1");

        assertThat(csv.out()).isEqualTo("name,description\nvip,big spenders\nat_risk,\"quiet, was active\"\n");
        assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCodes.OK);
        assertThat(json.out().replaceAll("\\s", "")).isEqualTo("[{\"name\":\"vip\",\"priority\":1,\"tags\":[\"a\",\"b\"]}]");
    }

    @Test
    void aBadQueryExitsWithTwoAndDuckDbsOneLine() {
        givenAWarehouseWithSegments();

        CliRun r = run("sql", "SELECT nope FROM segment_definitions");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("sendtime: Binder Error").contains("nope");
    }

    @Test
    void writesAreRefusedInOneLine() {
        givenAWarehouseWithSegments();

        CliRun create = run("sql", "CREATE TABLE x (id INTEGER)");
        CliRun delete = run("sql", "DELETE FROM segment_definitions");

        assertThat(create.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(create.err()).isEqualTo("sendtime: sql runs " + ShellStatement.ALLOWED + ", not CREATE"
                + " (the warehouse is read-only here: only the load and render jobs write it)\n");
        assertThat(delete.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(delete.err().lines()).singleElement().asString().contains("read-only");
        assertThat(run("sql", "SELECT count(*) AS n FROM segment_definitions").out()).contains("2");
    }

    @Test
    void withoutAWarehouseSqlSaysHowToMakeOne() {
        CliRun r = run("sql", "SELECT 1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("sendtime: no warehouse yet at " + file + ": run ./sendtime demo or ./sendtime run load\n");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void inspectRunsListsJobsAndLoads() {
        // given no warehouse
        CliRun before = run("inspect", "runs");
        assertThat(before.exitCode()).as(before.err()).isEqualTo(ExitCodes.OK);
        assertThat(before.out()).contains("job executions:", "loads (load_log):", "no warehouse yet at");

        // given a load in the log
        new Warehouse(new WarehouseSettings(file, "256MB", 1)).write(h -> h.execute("""
                INSERT INTO load_log (load_id, started_at, finished_at, mode, profiles_touched, status, message)
                VALUES (7, TIMESTAMPTZ '2026-11-22 10:00:00+00', TIMESTAMPTZ '2026-11-22 10:01:30+00',
                  'full-rebuild', 1234, 'completed', NULL)"""));

        CliRun after = run("inspect", "runs");

        assertThat(after.exitCode()).as(after.err()).isEqualTo(ExitCodes.OK);
        assertThat(after.out()).containsPattern(
                "7  2026-11-22 10:00:00 +2026-11-22 10:01:30 +full-rebuild +1234  completed");
    }

    @Test
    void whileAnotherProcessWritesSqlAndInspectSaySoInOneLine() throws Exception {
        // given a job in another process writing the warehouse
        givenAWarehouseWithSegments();
        Process writer = WarehouseWriterMain.start(file);
        try {
            // when
            CliRun sql = run("sql", "SELECT count(*) FROM segment_definitions");
            CliRun inspect = run("inspect", "runs");

            // then
            String busy = "the warehouse " + file + " is being written by another sendtime process (load job (pid "
                    + writer.pid() + ", since ";
            assertThat(sql.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
            assertThat(sql.out()).isEmpty();
            assertThat(sql.err()).startsWith("sendtime: " + busy).endsWith("); retry when it finishes\n").hasLineCount(1);
            assertThat(inspect.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(inspect.out()).contains("job executions:", "loads (load_log):\n  " + busy);
        } finally {
            writer.destroyForcibly();
            writer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void settingsComeFromTheConfigurationAndABadOneIsOneLine() throws Exception {
        // given a config moving the warehouse
        Path elsewhere = dir.resolve("elsewhere/w.duckdb");
        Files.writeString(config, Files.readString(config) + "    path: " + elsewhere + "\n");

        // when / then
        assertThat(run("sql", "SELECT 1").err()).contains("no warehouse yet at " + elsewhere);

        // given a memory limit that is not a size
        Files.writeString(config, Files.readString(config).replace("256MB", "lots"));

        CliRun bad = run("sql", "SELECT 1");

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("sendtime: cannot start: sendtime.warehouse.memory-limit must be a size such as 2GB or 512MB,"
                + " not 'lots'\n");
    }
}
