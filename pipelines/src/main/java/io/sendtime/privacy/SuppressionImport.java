package io.sendtime.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import io.sendtime.config.SqlFiles;

/**
 * The addresses of an email service's suppression export: {@code plain} (one address a line, {@code #}
 * comments), or a CSV with a header naming an {@code email} column and maybe a {@code reason} column
 * (SendGrid's and Braze's exports), read by DuckDB's CSV reader.
 */
public final class SuppressionImport {

    /** The export formats. */
    public enum Format { PLAIN, SENDGRID_CSV, BRAZE_CSV;

        /** {@code sendgrid-csv} and the like. */
        public static Format of(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format: plain, sendgrid-csv or braze-csv, not " + name);
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private SuppressionImport() {
    }

    /** @param reason the reason for entries the file gives none for, or null for the format's name */
    public static List<SuppressionList.Entry> read(Path file, Format format, String reason) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--import: cannot read " + file);
        }
        String fallback = reason != null ? reason : format.label();
        List<SuppressionList.Entry> entries = new ArrayList<>();
        if (format == Format.PLAIN) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.strip().startsWith("#")) {
                        entries.add(new SuppressionList.Entry(line.strip(), fallback));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            return entries;
        }
        List<Map<String, Object>> rows;
        try (Handle h = Jdbi.create("jdbc:duckdb:").open()) {
            rows = h.createQuery(SqlFiles.text("privacy/read_export.sql")).bind("file", file.toAbsolutePath().toString())
                    .mapToMap().list();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--import: " + file + " is not a " + format.label() + " file", e);
        }
        if (!rows.isEmpty() && rows.get(0).keySet().stream().noneMatch(k -> k.strip().equalsIgnoreCase("email"))) {
            throw new IllegalArgumentException("--import: " + file + " has no email column in its header");
        }
        for (Map<String, Object> row : rows) {
            Object email = column(row, "email");
            Object why = column(row, "reason");
            if (email != null && !email.toString().isBlank()) {
                entries.add(new SuppressionList.Entry(email.toString().strip(),
                        why != null && !why.toString().isBlank() ? why.toString() : fallback));
            }
        }
        return entries;
    }

    private static Object column(Map<String, Object> row, String name) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getKey().strip().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
