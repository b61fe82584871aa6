package io.sendtime.warehouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Test helper run as a child JVM: opens the warehouse for writing, says "locked" on stdout and holds
 * the file until killed (DuckDB locks per process, so only another process can show the lock).
 */
public final class WarehouseWriterMain {

    private WarehouseWriterMain() {
    }

    /** Starts the child JVM and returns once it holds the file; the caller kills it in a finally. */
    public static Process start(Path file) throws IOException {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WarehouseWriterMain.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String first = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(first)) {
            writer.destroyForcibly();
            throw new IllegalStateException("the writer process did not lock the warehouse: " + first);
        }
        return writer;
    }

    public static void main(String[] args) throws Exception {
        Warehouse warehouse = new Warehouse(new WarehouseSettings(Path.of(args[0]), "256MB", 1));
        warehouse.write("load", handle -> {
            handle.execute("INSERT INTO load_log (load_id, started_at, mode, status)"
                    + " SELECT coalesce(max(load_id), 0) + 1, now(), 'full-rebuild', 'running' FROM load_log");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            return null;
        });
    }
}
