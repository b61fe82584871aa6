package io.sendtime.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import io.sendtime.config.ErrorMessages;
import io.sendtime.config.SqlFiles;

/**
 * The DuckDB warehouse file. DuckDB lets one process write a file at a time, so nothing here holds
 * it open: {@link #write} opens it read-write for one transaction and closes it, {@link #read} opens it
 * read-only. Another process holding the file surfaces as {@link WarehouseException.Busy}, one line.
 *
 * <p>Every connection gets DuckDB's {@code memory_limit} and {@code threads} from the settings, and
 * {@code TimeZone = 'UTC'}: TIMESTAMPTZ columns read and print as UTC. The schema is owned by Flyway
 * migrations in {@code sql/warehouse} (classpath), applied by {@link #migrate} before the first write.
 */
public class Warehouse {

    /** Where the schema migrations live: the SQL directory's {@code warehouse/}, else the jar's. */
    public static String migrations() {
        return SqlFiles.location("warehouse", "filesystem:");
    }

    private static final Pattern LOCK_HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    private final WarehouseSettings settings;
    private final Path file;
    private final List<String> migrationLocations;
    private final Jdbi writer;
    private final Jdbi reader;
    private volatile boolean migrated;

    public Warehouse(WarehouseSettings settings) {
        this(settings, List.of(migrations()));
    }

    /** With other migration locations (tests add their own). */
    public Warehouse(WarehouseSettings settings, List<String> migrationLocations) {
        this.settings = settings.validated();
        this.file = settings.path().toAbsolutePath().normalize();
        this.migrationLocations = List.copyOf(migrationLocations);
        this.writer = session(Jdbi.create(() -> connect(false)), this.settings, "session/writer.sql");
        this.reader = session(Jdbi.create(() -> connect(true)), this.settings, "session/reader.sql");
    }

    /** The file, as configured (relative paths stay relative: that is how users know them). */
    public Path path() {
        return settings.path().normalize();
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /**
     * Runs {@code work} in one read-write transaction (migrating the schema first, once per process),
     * then closes the file so readers can open it.
     */
    public <R, X extends Exception> R write(HandleCallback<R, X> work) throws X {
        return write("sendtime", work);
    }

    /**
     * Like {@link #write(HandleCallback)}, naming the job that writes: while it holds the file, a note
     * next to it ({@code <file>.writer}) lets other processes say which job to wait for.
     */
    public <R, X extends Exception> R write(String job, HandleCallback<R, X> work) throws X {
        migrate();
        Path note = writerNote();
        try {
            return writer.inTransaction(handle -> {
                writeNote(note, job);
                return work.withHandle(handle);
            });
        } catch (ConnectionException e) {
            throw translate(e);
        } finally {
            deleteNote(note);
        }
    }

    /**
     * Copies the warehouse into a fresh file and puts that in place of the old one (sql/privacy/rewrite_file.sql):
     * DuckDB keeps deleted rows' bytes in the pages they freed, so after an erasure only a file written anew
     * holds none of them. The old file is held for writing while it is copied; callers keep the jobs that
     * write the warehouse off meanwhile.
     */
    public void rewriteFile() {
        migrate();
        Path fresh = file.resolveSibling(file.getFileName() + ".rewrite");
        Path note = writerNote();
        try {
            java.nio.file.Files.deleteIfExists(fresh);
            java.nio.file.Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + ".wal"));
            writeNote(note, "erase");
            scratch(settings, null).useHandle(h -> SqlScript.load("privacy/rewrite_file.sql").run(h, Map.of(),
                    Map.of("old", file.toString(), "fresh", fresh.toString())));
            java.nio.file.Files.move(fresh, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            java.nio.file.Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        } catch (java.io.IOException e) {
            throw new WarehouseException("cannot put the rewritten warehouse in place of " + file + ": " + e.getMessage());
        } finally {
            deleteNote(note);
        }
    }

    /**
     * Removes the warehouse file (a re-key: every table holds old keys); the next write migrates a new one.
     * Callers keep the jobs that use the warehouse off meanwhile.
     */
    public synchronized void delete() {
        try {
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
            migrated = false;
        } catch (java.io.IOException e) {
            throw new WarehouseException("cannot remove " + file + ": " + e.getMessage());
        }
    }

    private Path writerNote() {
        return file.resolveSibling(file.getFileName() + ".writer");
    }

    private static void writeNote(Path note, String job) {
        try {
            Files.writeString(note, job + " job (pid " + ProcessHandle.current().pid() + ", since "
                    + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        } catch (java.io.IOException e) {
            // only a courtesy for other processes' messages
        }
    }

    private static void deleteNote(Path note) {
        try {
            Files.deleteIfExists(note);
        } catch (java.io.IOException e) {
            // idem
        }
    }

    private String writerDescription(String pid) {
        try {
            String note = Files.readString(writerNote()).strip();
            if (pid.isEmpty() || note.contains("pid " + pid.substring(", pid ".length()) + ",")) {
                return note;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no note: an older or foreign writer
        }
        return "a load or render job" + pid;
    }

    /**
     * Runs {@code work} on a read-only connection: any write statement fails, and so does any access to a
     * file outside the warehouse, an extension, an attached database or a setting (sql/session/reader.sql).
     */
    public <R, X extends Exception> R read(HandleCallback<R, X> work) throws X {
        if (!exists()) {
            throw new WarehouseException.Missing("no warehouse yet at " + path()
                    + ": run ./sendtime demo or ./sendtime run load");
        }
        try {
            return reader.withHandle(work);
        } catch (ConnectionException e) {
            throw translate(e);
        }
    }

    /** Creates the file if needed and applies pending migrations; returns how many were applied. */
    public synchronized int migrate() {
        if (migrated) {
            return 0;
        }
        try {
            Files.createDirectories(file.getParent());
            // probe first: a locked file then reads as one line, not as Flyway's stack of causes
            connect(false).close();
            MigrateResult result = Flyway.configure(Warehouse.class.getClassLoader())
                    .dataSource(url(), null, null)
                    .locations(migrationLocations.toArray(String[]::new))
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            migrated = true;
            return result.migrationsExecuted;
        } catch (WarehouseException e) {
            throw e;
        } catch (SQLException e) {
            throw translate(e);
        } catch (Exception e) {
            throw new WarehouseException("cannot migrate the warehouse " + path() + ": " + ErrorMessages.message(e), e);
        }
    }

    private String url() {
        return "jdbc:duckdb:" + file;
    }

    private Connection connect(boolean readOnly) throws SQLException {
        Properties properties = new Properties();
        if (readOnly) {
            properties.setProperty("duckdb.read_only", "true");
        }
        try {
            return DriverManager.getConnection(url(), properties);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Every handle of {@code jdbi} starts with sql/session/connection.sql (DuckDB's memory, threads, UTC),
     * then {@code extra} when given.
     */
    private static Jdbi session(Jdbi jdbi, WarehouseSettings settings, String extra) {
        Map<String, Object> values = Map.of("memoryLimit", settings.memoryLimit(), "threads", settings.threads());
        jdbi.getConfig(Handles.class).addListener(new HandleListener() {
            @Override
            public void handleCreated(Handle handle) {
                if (Boolean.parseBoolean(handle.createQuery(SqlFiles.text("session/locked.sql")).mapTo(String.class).one())) {
                    return; // another reader of this file set the instance up and locked it
                }
                SqlScript.load("session/connection.sql").run(handle, Map.of(), values);
                if (extra != null) {
                    SqlScript.load(extra).run(handle, Map.of());
                }
            }
        });
        return jdbi;
    }

    /**
     * A scratch in-memory DuckDB with the warehouse's memory and threads (a compaction, a benchmark's
     * reference), spilling into {@code tempDirectory} when given.
     */
    public static Jdbi scratch(WarehouseSettings settings, Path tempDirectory) {
        return scratch(settings, tempDirectory, null);
    }

    /** Like {@link #scratch(WarehouseSettings, Path)}, in the DuckDB file {@code file} when not null. */
    public static Jdbi scratch(WarehouseSettings settings, Path tempDirectory, Path file) {
        String url = file == null ? "jdbc:duckdb:" : "jdbc:duckdb:" + file.toAbsolutePath();
        Jdbi jdbi = session(Jdbi.create(() -> DriverManager.getConnection(url)), settings.validated(), null);
        if (tempDirectory != null) {
            jdbi.getConfig(Handles.class).addListener(new HandleListener() {
                @Override
                public void handleCreated(Handle handle) {
                    SqlScript.load("session/scratch.sql").run(handle, Map.of(),
                            Map.of("tempDirectory", tempDirectory.toString()));
                }
            });
        }
        return jdbi;
    }

    private RuntimeException translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WarehouseException w) {
                return w;
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("Could not set lock on file") || message.contains("Conflicting lock")) {
                Matcher holder = LOCK_HOLDER.matcher(message);
                String pid = holder.find() ? ", pid " + holder.group(1) : "";
                return new WarehouseException.Busy("the warehouse " + path() + " is being written by another sendtime process"
                        + " (" + writerDescription(pid) + "); retry when it finishes", e);
            }
            if (message.contains("different configuration than existing connections")) {
                // DuckDB shares one database per file within a process: a read-only reader cannot join a writer
                return new WarehouseException.Busy("the warehouse " + path()
                        + " is being written by this process; read it after the write finishes", e);
            }
        }
        return new WarehouseException("cannot open the warehouse " + path() + ": " + ErrorMessages.message(e), e);
    }
}
