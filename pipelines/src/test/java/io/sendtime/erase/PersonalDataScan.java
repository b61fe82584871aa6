package io.sendtime.erase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Looks for one person's data in every file under a runtime directory: Parquet read as data (DuckDB), the
 * DuckDB warehouse queried table by table, the H2 job repository queried table by table, JSON and JSONL
 * parsed, anything else read as text. A cell holding their email, phone, customer key or last name (any
 * case, anywhere in it), or exactly their first name or one of their source ids, is a finding.
 */
final class PersonalDataScan {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What identifies the person: searched inside cells, and cells that are exactly these. */
    record Needles(List<String> inside, List<String> exactly) {
        Needles {
            inside = inside.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private final Needles needles;
    private final List<String> findings = new ArrayList<>();

    private PersonalDataScan(Needles needles) {
        this.needles = needles;
    }

    /** Every place under {@code dir} that still holds the person's data, as {@code file: what}. */
    static List<String> scan(Path dir, Needles needles) throws Exception {
        PersonalDataScan scan = new PersonalDataScan(needles);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                scan.file(file);
            }
        }
        return scan.findings;
    }

    private void file(Path file) throws Exception {
        String name = file.getFileName().toString();
        if (name.endsWith(".parquet")) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                rows(file, c, "SELECT * FROM read_parquet('" + file + "')");
            }
        } else if (name.endsWith(".duckdb")) {
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
                for (String table : strings(c, "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_type = 'BASE TABLE'")) {
                    rows(file.resolve(table), c, "SELECT * FROM \"" + table + "\"");
                }
            }
        } else if (name.endsWith(".mv.db")) {
            String base = file.toString().substring(0, file.toString().length() - ".mv.db".length());
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE", "sa", "")) {
                for (String table : strings(c, "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'PUBLIC'")) {
                    rows(file.resolve(table), c, "SELECT * FROM \"" + table + "\"");
                }
            }
        } else if (name.endsWith(".json")) {
            json(file, JSON.readTree(file.toFile()));
        } else if (name.endsWith(".jsonl")) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    json(file, JSON.readTree(line));
                }
            }
        } else if (!name.endsWith(".lock") && !name.endsWith(".crc")) {
            text(file, Files.readString(file, StandardCharsets.ISO_8859_1));
        }
    }

    private void rows(Path where, Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    if (value != null) {
                        cell(where + "[" + rs.getMetaData().getColumnName(i) + "]", value.toString());
                    }
                }
            }
        }
    }

    private void json(Path file, JsonNode node) throws IOException {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                json(file, child);
            }
            if (node.isObject()) {
                node.fieldNames().forEachRemaining(f -> cell(file + " (field name)", f));
            }
        } else if (!node.isNull()) {
            String text = node.asText();
            cell(file.toString(), text);
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    json(file, JSON.readTree(text)); // a record kept as JSON text (quarantine)
                } catch (IOException notJson) {
                    // text that only looks like JSON
                }
            }
        }
    }

    private void cell(String where, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String n : needles.inside()) {
            if (lower.contains(n)) {
                findings.add(where + ": holds '" + n + "'");
            }
        }
        for (String n : needles.exactly()) {
            if (value.strip().equals(n) || value.contains("=" + n + ",") || value.contains("=" + n + "}")) {
                findings.add(where + ": is '" + n + "'");
            }
        }
    }

    private void text(Path file, String content) {
        String lower = content.toLowerCase(Locale.ROOT);
        for (String n : needles.inside()) {
            if (lower.contains(n)) {
                findings.add(file + ": holds '" + n + "'");
            }
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
