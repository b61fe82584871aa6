package io.sendtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's SQL, the files of the top-level {@code sql/} folder, read at run time: from the directory
 * {@code SENDTIME_SQL} (or the system property {@code sendtime.sql-dir}) names when it has the file, the
 * launcher pointing it at the checkout's {@code sql/}, else from the copy inside the jar. So a query, a
 * feature or a segment rule can be changed without a rebuild.
 */
public final class SqlFiles {

    private SqlFiles() {
    }

    /** The configured SQL directory, or null when none is set (the jar's copy only). */
    public static Path directory() {
        String dir = System.getProperty("sendtime.sql-dir", System.getenv("SENDTIME_SQL"));
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** The text of {@code sql/<path>}. */
    public static String text(String path) {
        Path file = file(path);
        try {
            if (file != null) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream("sql/" + path)) {
                if (in == null) {
                    throw new IllegalStateException("missing SQL file sql/" + path + " (in " + where() + ")");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sql/" + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code sql/<path>} exists, in the directory or the jar. */
    public static boolean exists(String path) {
        return file(path) != null || SqlFiles.class.getClassLoader().getResource("sql/" + path) != null;
    }

    /**
     * A Spring resource location of {@code sql/<folder>} (Flyway and script initializers take one):
     * {@code filesystem:}/{@code file:} in the directory when it has the folder, else {@code classpath:}.
     *
     * @param filePrefix "filesystem:" for Flyway, "file:" for Spring resources
     */
    public static String location(String folderOrFile, String filePrefix) {
        Path dir = directory();
        if (dir != null && Files.exists(dir.resolve(folderOrFile))) {
            return filePrefix + dir.resolve(folderOrFile).toAbsolutePath().normalize();
        }
        return "classpath:sql/" + folderOrFile;
    }

    private static Path file(String path) {
        Path dir = directory();
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(path).normalize();
        return file.startsWith(dir.normalize()) && Files.isRegularFile(file) ? file : null;
    }

    private static String where() {
        Path dir = directory();
        return dir == null ? "the jar" : dir + " and the jar";
    }
}
