package io.sendtime.warehouse;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.model.PersonIds;

/**
 * One person out of the warehouse: every row of every table whose identifying column ({@code customer_key},
 * {@code email}, {@code email_sha256}, {@code contact_id}, {@code customer_id}) holds one of their
 * identifiers, history included (sql/privacy/). Tables are found by their columns, so one added later is
 * erased too. Runs inside the caller's write transaction; {@link Warehouse#rewriteFile()} afterwards drops
 * the bytes the deleted rows left in the file.
 */
public final class WarehouseErasure {

    private static final Map<String, PersonIds.Kind> KIND_OF_COLUMN = Map.of(
            "customer_key", PersonIds.Kind.CUSTOMER_KEY, "email", PersonIds.Kind.EMAIL,
            "email_sha256", PersonIds.Kind.EMAIL_SHA256, "contact_id", PersonIds.Kind.CRM,
            "customer_id", PersonIds.Kind.COMMERCE);

    private WarehouseErasure() {}

    /** The tables that hold personal data and their identifying columns, as the warehouse has them now. */
    public static Map<String, List<String>> personalColumns(Handle h) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        h.createQuery(SqlFiles.text("privacy/personal_columns.sql"))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), t -> new java.util.ArrayList<>()).add(e.getValue()));
        return out;
    }

    /** Adds what the warehouse holds of the person's customer keys: addresses (history too) and source ids. */
    public static void expand(Handle h, PersonIds person) throws SQLException {
        stage(h, person);
        h.createQuery(SqlFiles.text("privacy/person.sql")).map((rs, ctx) -> Map.entry(rs.getString(1),
                        rs.getString(2) == null ? "" : rs.getString(2)))
                .forEach(e -> person.add(PersonIds.Kind.of(e.getKey()), e.getValue()));
    }

    /**
     * Deletes the person's rows from every table that holds personal data.
     *
     * @return rows deleted per table (tables with none left out)
     */
    public static Map<String, Long> erase(Handle h, PersonIds person) throws SQLException {
        stage(h, person);
        // their orders leave "bought together" too (product_pairs counts orders, not people)
        SqlScript.load("privacy/erase_pairs.sql").run(h, Map.of());
        Map<String, Long> deleted = new LinkedHashMap<>();
        personalColumns(h).forEach((table, columns) -> {
            for (String column : columns) {
                int n = SqlScript.load("privacy/delete_by.sql").statements(Map.of("table", table, "column", column))
                        .stream().mapToInt(sql -> h.createUpdate(sql).bind("kind", KIND_OF_COLUMN.get(column).label())
                                .execute()).sum();
                if (n > 0) {
                    deleted.merge(table, (long) n, Long::sum);
                }
            }
        });
        SqlScript.load("load/pairs.sql").run(h, Map.of());
        return deleted;
    }

    /**
     * The person's rows of every table that holds personal data (right of access), each row once, values as
     * text (numbers and booleans as they are).
     */
    public static Map<String, List<Map<String, Object>>> find(Handle h, PersonIds person) throws SQLException {
        stage(h, person);
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        personalColumns(h).forEach((table, columns) -> {
            java.util.Set<Map<String, Object>> rows = new java.util.LinkedHashSet<>();
            for (String column : columns) {
                for (String sql : SqlScript.load("privacy/select_by.sql").statements(Map.of("table", table, "column", column))) {
                    h.createQuery(sql).bind("kind", KIND_OF_COLUMN.get(column).label()).mapToMap()
                            .forEach(row -> rows.add(plain(row)));
                }
            }
            if (!rows.isEmpty()) {
                out.put(table, List.copyOf(rows));
            }
        });
        return out;
    }

    private static Map<String, Object> plain(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, v == null || v instanceof Number || v instanceof Boolean ? v : v.toString()));
        return out;
    }

    private static void stage(Handle h, PersonIds person) throws SQLException {
        SqlScript.load("privacy/erase_ids.sql").run(h, Map.of());
        try (DuckDBAppender appender = h.getConnection().unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "erase_ids")) {
            for (PersonIds.Kind kind : PersonIds.Kind.values()) {
                for (String value : person.of(kind)) {
                    appender.beginRow().append(kind.label()).append(value).endRow();
                }
            }
        }
    }
}
