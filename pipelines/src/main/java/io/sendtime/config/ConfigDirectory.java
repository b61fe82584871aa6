package io.sendtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A configuration directory outside the jar ({@code --config DIR} or {@code SENDTIME_CONFIG=DIR}): its
 * {@code *.yaml} files are configuration (in name order, like one {@code --config} file each, so a new source is
 * one file), and its {@code schemas/raw/<source>/<entity>.avsc} and {@code taxonomy/categories.yaml} are read
 * before the jar's copies. So a source, its raw schemas and the category taxonomy are configuration: no rebuild.
 * The CLI sets {@link #PROPERTY} before the application starts; code without it reads the jar's copies only.
 */
public final class ConfigDirectory {

    public static final String PROPERTY = "sendtime.config-dir";

    private ConfigDirectory() {
    }

    /** The configuration directory, when one is in use. */
    public static Optional<Path> directory() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
    }

    /** The configuration files of a directory: its {@code *.yaml} and {@code *.yml}, in name order. */
    public static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file {@code relative} of the configuration directory, when there is one and it has it. */
    public static Optional<Path> file(String relative) {
        return directory().map(dir -> dir.resolve(relative).normalize())
                .filter(f -> f.startsWith(directory().get().normalize()) && Files.isRegularFile(f));
    }

    /** Where {@code relative} is read from: the directory's file, else the jar's resource; for messages. */
    public static String where(String relative) {
        return file(relative).map(Path::toString).orElse("the jar's " + relative);
    }

    /**
     * Opens {@code relative}: the configuration directory's file, else the jar's resource; null when neither
     * has it.
     */
    public static InputStream open(String relative) throws IOException {
        Optional<Path> file = file(relative);
        if (file.isPresent()) {
            return Files.newInputStream(file.get());
        }
        return ConfigDirectory.class.getClassLoader().getResourceAsStream(relative);
    }

    /** Whether the directory or the jar has {@code relative}. */
    public static boolean exists(String relative) {
        return file(relative).isPresent() || ConfigDirectory.class.getClassLoader().getResource(relative) != null;
    }
}
