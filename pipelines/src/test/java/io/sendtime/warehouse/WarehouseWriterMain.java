package io.sendtime.warehouse;

import java.nio.file.Path;

/**
 * Test helper run as a child JVM: opens the warehouse for writing, says "locked" on stdout and holds
 * the file until killed (DuckDB locks per process, so only another process can show the lock).
 */
public final class WarehouseWriterMain {

    private WarehouseWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Warehouse warehouse = new Warehouse(new WarehouseSettings(Path.of(args[0]), "256MB", 1));
        warehouse.write(handle -> {
            handle.execute("INSERT INTO load_log (load_id, started_at, mode, status) VALUES (1, now(), 'full-rebuild', 'running')");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            return null;
        });
    }
}
