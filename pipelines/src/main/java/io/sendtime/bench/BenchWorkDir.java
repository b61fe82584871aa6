package io.sendtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.springframework.util.FileSystemUtils;

/**
 * A benchmark's work directory, the setup and cleanup every benchmark shares: the one given, or
 * {@code <var>/bench/<name>-<time>}; removed when the benchmark ends unless it was given or kept.
 */
public final class BenchWorkDir implements AutoCloseable {

    private final Path path;
    private final boolean remove;

    private BenchWorkDir(Path path, boolean remove) {
        this.path = path;
        this.remove = remove;
    }

    /**
     * @param given a directory the user named (kept), or null for a new one under {@code SENDTIME_VAR}
     * @param keep  keep a new one too
     */
    public static BenchWorkDir create(String name, Path given, boolean keep) {
        Path path = given != null ? given : Path.of(System.getenv().getOrDefault("SENDTIME_VAR", "var"), "bench",
                name + "-" + Instant.now().getEpochSecond());
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + path + ": " + e.getMessage(), e);
        }
        return new BenchWorkDir(path, given == null && !keep);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (remove) {
            try {
                FileSystemUtils.deleteRecursively(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
