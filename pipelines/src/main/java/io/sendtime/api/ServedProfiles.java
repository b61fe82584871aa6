package io.sendtime.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileLookup;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.warehouse.SqlScript;

/**
 * The profiles {@code sendtime serve} answers from: the snapshot the load publishes in the lake
 * ({@link ProfileSnapshots}), never the warehouse. Every {@code sendtime.serve.profiles.poll} (2 s) one background
 * thread checks the pointer; when it names a new snapshot, it reads the chain (an in-memory DuckDB reads the Parquet)
 * into a new local file under {@code <var>/serve/profiles/} ({@link ProfileFile}: the bytes memory-mapped, off the
 * heap), leaves out whoever the erasure ledger names, swaps it in atomically and deletes the old file. A lookup sees
 * the old structure or the new one, whole. The same thread checks the erasure ledger: a new erasure drops the person
 * from the lookup and overwrites their bytes in the local file at once, not at the next snapshot.
 */
@Component
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
public class ServedProfiles implements ProfileLookup, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServedProfiles.class);

    private final ProfileSnapshots snapshots;
    private final ErasureLedger ledger;
    private final Path localDir;
    private final AtomicReference<ProfileFile> current = new AtomicReference<>();
    private final AtomicLong builds = new AtomicLong();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sendtime-profiles");
        t.setDaemon(true);
        return t;
    });
    private volatile ProfileSnapshots.Pointer served;
    private volatile long erasedIds = -1;

    public ServedProfiles(Lake lake, ErasureLedger ledger, @Value("${sendtime.var-dir}") Path varDir,
                          @Value("${sendtime.serve.profiles.poll:2s}") Duration poll) throws IOException {
        this.snapshots = new ProfileSnapshots(lake);
        this.ledger = ledger;
        this.localDir = varDir.resolve("serve").resolve("profiles");
        clearLocalDir();
        poller.scheduleWithFixedDelay(this::poll, 0, Math.max(50, poll.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<ServedProfile> find(String recipient) {
        ProfileFile file = current.get();
        return file == null || recipient == null ? Optional.empty() : file.find(recipient);
    }

    /** One lookup and the snapshot it was made in (one structure, even while a new one is swapped in). */
    public record Answer(Snapshot snapshot, Optional<ServedProfile> profile) {}

    /** Looks {@code id} up; the snapshot is null before the first one is loaded. */
    public Answer answer(String id) {
        ProfileFile file = current.get();
        return file == null ? new Answer(null, Optional.empty())
                : new Answer(new Snapshot(file.loadId(), file.asOf(), file.size()), file.find(id));
    }

    /** The snapshot served now, or null before the first one is loaded. */
    public Snapshot snapshot() {
        ProfileFile file = current.get();
        return file == null ? null : new Snapshot(file.loadId(), file.asOf(), file.size());
    }

    /** Which snapshot is served: the load that published it, its as_of, how many profiles. */
    public record Snapshot(long loadId, String asOf, int profiles) {}

    /** One poll: a new erasure first (purged at once), then a new snapshot. Never throws (the next poll retries). */
    void poll() {
        try {
            purgeNewErasures();
            ProfileSnapshots.Pointer pointer = snapshots.current();
            if (pointer != null && !pointer.equals(served)) {
                load(pointer);
            }
        } catch (RuntimeException | IOException | SQLException e) {
            if (poller.isShutdown()) {
                return; // stopping: a build cut short is deleted, nothing to retry
            }
            log.warn("profiles snapshot: {} (the server keeps what it holds and retries)",
                    e.getMessage() == null ? e.toString() : e.getMessage());
            log.debug("profiles snapshot", e);
        }
    }

    private void purgeNewErasures() {
        long ids = ledger.count();
        if (ids == erasedIds) {
            return;
        }
        ProfileFile file = current.get();
        if (file != null) {
            try {
                int purged = file.purge(ledger.matcher());
                log.info("profiles snapshot: {} record(s) of erased people dropped", purged);
            } catch (RuntimeException e) {
                current.set(null); // fail closed: without the key no one could be told apart
                served = null;
                file.close();
                throw e;
            }
        }
        erasedIds = ids;
    }

    private void load(ProfileSnapshots.Pointer pointer) throws IOException, SQLException {
        long started = System.nanoTime();
        long ids = ledger.count(); // counted first: an erasure recorded after it is purged by the next poll
        Predicate<String> erased = ledger.matcher();
        Path path = localDir.resolve("profiles-" + pointer.loadId() + "-" + builds.incrementAndGet() + ".bin");
        ProfileFile built = build(pointer, snapshots::localFile, path);
        if (erased != ErasureLedger.NOBODY) {
            built.purge(erased);
        }
        erasedIds = ids;
        ProfileFile old = current.getAndSet(built);
        served = pointer;
        if (old != null) {
            old.close();
        }
        log.info("profiles snapshot of load {}: {} profiles in {} ms", pointer.loadId(), built.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Reads the chain {@code pointer} names into a new local file at {@code path}, mapped and indexed. */
    static ProfileFile build(ProfileSnapshots.Pointer pointer, java.util.function.Function<String, Path> localFile,
                             Path path) throws IOException, SQLException {
        try (ProfileFile.Writer writer = new ProfileFile.Writer(path);
             Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            Handle h = Jdbi.open(connection);
            SqlScript.load("serve/profiles_session.sql").run(h, Map.of());
            for (String file : pointer.files()) {
                read(h, localFile.apply(file), writer);
            }
            return writer.open(pointer.loadId(), pointer.asOf());
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private static void read(Handle h, Path file, ProfileFile.Writer writer) throws SQLException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the snapshot names " + file.getFileName() + ", which is gone (a newer one is on its way)");
        }
        SqlScript.load("serve/profiles_file_set.sql").run(h, Map.of(), Map.of("file", file.toString()));
        try (Statement s = h.getConnection().createStatement();
             ResultSet rs = s.executeQuery(SqlFiles.text("serve/profiles_file.sql"))) {
            while (rs.next()) {
                if (rs.getBoolean(3)) {
                    writer.deleted(rs.getString(1));
                } else {
                    writer.row(rs.getString(1), rs.getString(2), rs.getString(4), rs.getString(5));
                }
            }
        }
    }

    private void clearLocalDir() throws IOException {
        Files.createDirectories(localDir);
        try (Stream<Path> files = Files.list(localDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Stops polling and deletes the local file. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProfileFile file = current.getAndSet(null);
        if (file != null) {
            file.close();
        }
    }

    /** For tests: the local directory. */
    Path localDir() {
        return localDir;
    }
}
