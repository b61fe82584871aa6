package io.sendtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB warehouse on a real file: migrations, read-only readers, and the one-process write lock. */
class WarehouseTest {

    static final List<String> CORE_TABLES = List.of("consents", "events", "load_log", "order_items", "orders",
            "products", "profile_snapshots", "profiles", "segment_definitions", "segment_memberships", "token_sets");

    @TempDir
    Path dir;

    Warehouse warehouse(List<String> locations) {
        return new Warehouse(new WarehouseSettings(dir.resolve("wh/sendtime.duckdb"), "256MB", 1), locations);
    }

    static List<String> tables(Warehouse warehouse) {
        return strings(warehouse, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
    }

    static List<String> strings(Warehouse warehouse, String sql) {
        List<String> rows = warehouse.read(h -> h.createQuery(sql).mapTo(String.class).list());
        return rows;
    }

    static long count(Warehouse warehouse, String sql) {
        Long n = warehouse.read(h -> h.createQuery(sql).mapTo(Long.class).one());
        return n;
    }

    @Test
    void migrationsCreateEveryTableOnAFreshFileAndAreIdempotent() {
        // given a fresh file
        Warehouse warehouse = warehouse(List.of(Warehouse.migrations()));
        assertThat(warehouse.exists()).isFalse();

        // when
        int applied = warehouse.migrate();

        // then every migration of sql/warehouse ran (V1 core, V2 render, V3 consent times, V4 consent at send, V5 opt-out,
        // V6 data_complete_to, V7 stock skipped, V8 currencies, V9 engagement, V10 product pairs, V11 bought products)
        assertThat(applied).isEqualTo(11);
        assertThat(tables(warehouse)).containsAll(CORE_TABLES).contains("flyway_schema_history", "render_summaries",
                "email_events");

        // when another process (a new Warehouse) migrates again
        int again = warehouse(List.of(Warehouse.migrations())).migrate();

        // then nothing is applied twice
        assertThat(again).isZero();
        assertThat(count(warehouse, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(11);
    }

    @Test
    void aLaterMigrationIsAppliedIncrementally() {
        // given a warehouse at the current version holding data
        warehouse(List.of(Warehouse.migrations())).write(h -> h.execute(
                "INSERT INTO segment_definitions VALUES ('vip', 1, 'lifetime_value_minor > 100000', 'big spenders')"));

        // when a build with one more migration starts
        Warehouse newer = warehouse(List.of(Warehouse.migrations(), "classpath:warehouse/test-migrations"));
        int applied = newer.migrate();

        // then only the new one runs, and the data is kept
        assertThat(applied).isEqualTo(1);
        assertThat(tables(newer)).contains("test_extra");
        assertThat(strings(newer, "SELECT name FROM segment_definitions"))
                .containsExactly("vip");
        assertThat(strings(newer, "SELECT version FROM flyway_schema_history ORDER BY installed_rank")).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "900");
    }

    @Test
    void writesAreOneTransaction() {
        // given
        Warehouse warehouse = warehouse(List.of(Warehouse.migrations()));
        warehouse.migrate();

        // when a write fails half-way
        assertThatThrownBy(() -> warehouse.write(h -> {
            h.execute("INSERT INTO load_log (load_id, started_at, mode, status) VALUES (1, now(), 'incremental', 'running')");
            throw new IllegalStateException("crash");
        })).hasMessage("crash");

        // then nothing of it is left
        assertThat(count(warehouse, "SELECT count(*) FROM load_log")).isZero();
    }

    @Test
    void connectionsAreConfiguredFromSettings() {
        Warehouse warehouse = warehouse(List.of(Warehouse.migrations()));
        warehouse.migrate();

        List<String> settings = strings(warehouse,
                "SELECT current_setting('threads')::VARCHAR || ' ' || current_setting('TimeZone')");

        assertThat(settings).containsExactly("1 UTC");
    }

    @Test
    void aReadOnlyHandleRefusesWrites() {
        // given
        Warehouse warehouse = warehouse(List.of(Warehouse.migrations()));
        warehouse.migrate();

        // when / then
        assertThatThrownBy(() -> warehouse.read(h -> h.execute("CREATE TABLE nope (id INTEGER)")))
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> warehouse.read(h -> h.execute(
                "INSERT INTO load_log (load_id, started_at, mode, status) VALUES (1, now(), 'x', 'y')")))
                .hasMessageContaining("read-only");
    }

    @Test
    void aReaderOfAMissingWarehouseIsToldHowToMakeOne() {
        Warehouse warehouse = warehouse(List.of(Warehouse.migrations()));

        assertThatThrownBy(() -> count(warehouse, "SELECT 1"))
                .isInstanceOf(WarehouseException.Missing.class)
                .hasMessage("no warehouse yet at " + dir.resolve("wh/sendtime.duckdb").normalize()
                        + ": run ./sendtime demo or ./sendtime run load");
        assertThat(warehouse.exists()).isFalse();
    }

    @Test
    void aReaderWhileAnotherProcessWritesGetsOneClearLine() throws Exception {
        // given another process holding the write lock
        Path file = dir.resolve("wh/sendtime.duckdb");
        warehouse(List.of(Warehouse.migrations())).migrate();
        Process writer = WarehouseWriterMain.start(file);
        try {
            // when a reader and a writer of this process try
            Warehouse here = warehouse(List.of(Warehouse.migrations()));
            // then each gets one line naming the file, the holder and what to do
            assertThatThrownBy(() -> count(here, "SELECT 1"))
                    .isInstanceOf(WarehouseException.Busy.class)
                    .hasMessageStartingWith("the warehouse " + file + " is being written by another sendtime process"
                            + " (load job (pid " + writer.pid() + ", since ")
                    .hasMessageEndingWith(")); retry when it finishes");
            assertThatThrownBy(() -> here.write(h -> h.execute("SELECT 1")))
                    .isInstanceOf(WarehouseException.Busy.class)
                    .hasMessageStartingWith("the warehouse " + file + " is being written by another sendtime process");
        } finally {
            writer.destroyForcibly();
            writer.waitFor(10, TimeUnit.SECONDS);
        }
        // and once it is gone, the file reads again, without its uncommitted row
        assertThat(count(warehouse(List.of(Warehouse.migrations())), "SELECT count(*) FROM load_log")).isZero();
    }

    @Test
    void aReaderInsideAWriteOfTheSameProcessIsToldToWait() {
        // given a write in progress in this process
        Warehouse warehouse = warehouse(List.of(Warehouse.migrations()));
        warehouse.migrate();

        // when a read-only reader of the same process opens the file meanwhile
        String message = warehouse.write(h -> {
            try {
                count(warehouse, "SELECT count(*) FROM load_log");
                return "no error";
            } catch (WarehouseException.Busy e) {
                return e.getMessage();
            }
        });

        // then it is told in one line
        assertThat(message).isEqualTo("the warehouse " + dir.resolve("wh/sendtime.duckdb")
                + " is being written by this process; read it after the write finishes");
    }
}
