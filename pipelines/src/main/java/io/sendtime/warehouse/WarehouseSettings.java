package io.sendtime.warehouse;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.warehouse}: where the DuckDB file lives and what DuckDB may use.
 *
 * @param path        the DuckDB file (default {@code <var-dir>/warehouse/sendtime.duckdb})
 * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 2GB}: leaves the JVM its heap
 * @param threads     DuckDB's {@code threads}
 */
@ConfigurationProperties("sendtime.warehouse")
public record WarehouseSettings(Path path, String memoryLimit, Integer threads) {

    private static final Pattern SIZE = Pattern.compile("\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)",
            Pattern.CASE_INSENSITIVE);

    public WarehouseSettings {
        path = path == null ? Path.of("var", "warehouse", "sendtime.duckdb") : path;
        memoryLimit = memoryLimit == null || memoryLimit.isBlank() ? "2GB" : memoryLimit.trim();
        threads = threads == null ? 2 : threads;
    }

    /**
     * Checks the values (by the {@link Warehouse}, not at binding: the CLI then reports a bad value in one
     * line instead of Spring Boot's failure-analysis box).
     */
    public WarehouseSettings validated() {
        if (!SIZE.matcher(memoryLimit).matches()) {
            throw new IllegalArgumentException("sendtime.warehouse.memory-limit must be a size such as 2GB or 512MB, not '"
                    + memoryLimit + "'");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("sendtime.warehouse.threads must be at least 1, not " + threads);
        }
        return this;
    }
}
