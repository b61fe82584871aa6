package io.sendtime.load;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two warehouse files table by table (both attached read-only to one in-memory DuckDB), leaving
 * out what differs by nature between an incremental history and a rebuild: when a row was written and
 * by which load. Returns, per table that differs, a few rows only one side has.
 */
public final class WarehouseDiff {

    /** table → columns excluded and a filter */
    static final Map<String, String[]> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("contacts", new String[] {"", ""});
        TABLES.put("customers", new String[] {"", ""});
        TABLES.put("subscriptions", new String[] {"", ""});
        TABLES.put("checkouts", new String[] {"", ""});
        TABLES.put("orders", new String[] {"", ""});
        TABLES.put("order_items", new String[] {"", ""});
        TABLES.put("events", new String[] {"", ""});
        TABLES.put("email_events", new String[] {"", ""});
        TABLES.put("products", new String[] {"", ""});
        TABLES.put("consent_statements", new String[] {"", ""});
        TABLES.put("consents", new String[] {"", ""});
        TABLES.put("profiles", new String[] {"snapshot_version, updated_at", ""});
        // full histories differ by when each version was made; each key's latest version (current, or the one a
        // deletion closed) must not, for every key both have (a customer created and deleted between two loads
        // has a closed version only where a load saw them alive: it is current in neither)
        TABLES.put("profile_snapshots", new String[] {"valid_from, valid_to, snapshot_version, closed_by",
                "WHERE customer_key IN (SELECT customer_key FROM a.profile_snapshots)"
                        + " AND customer_key IN (SELECT customer_key FROM b.profile_snapshots)"
                        + " QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY valid_from DESC) = 1"});
        TABLES.put("profile_snapshots_current", new String[] {"valid_from, valid_to, snapshot_version, closed_by",
                "WHERE is_current"});
        TABLES.put("segment_memberships", new String[] {"since, snapshot_version", ""});
        TABLES.put("segment_definitions", new String[] {"", ""});
        TABLES.put("source_windows", new String[] {"load_id", ""});
        // a send rendered on both (when a test renders one): the same token sets and rejections
        TABLES.put("token_sets", new String[] {"snapshot_version, rendered_at", ""});
        TABLES.put("render_rejections", new String[] {"", ""});
    }

    private WarehouseDiff() {
    }

    public static Map<String, List<String>> between(Path a, Path b) throws SQLException {
        return between(a, b, java.util.Set.of());
    }

    /** Like {@link #between(Path, Path)}, not comparing the columns {@code ignored} in any table (lineage). */
    public static Map<String, List<String>> between(Path a, Path b, java.util.Set<String> ignored) throws SQLException {
        Map<String, List<String>> differences = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("ATTACH '" + a + "' AS a (READ_ONLY)");
            s.execute("ATTACH '" + b + "' AS b (READ_ONLY)");
            for (Map.Entry<String, String[]> t : TABLES.entrySet()) {
                List<String> excluded = new ArrayList<>();
                if (!t.getValue()[0].isEmpty()) {
                    excluded.add(t.getValue()[0]);
                }
                try (ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_catalog = 'a'"
                        + " AND table_name = '" + t.getKey().replace("_current", "") + "'")) {
                    while (rs.next()) {
                        if (ignored.contains(rs.getString(1))) {
                            excluded.add(rs.getString(1));
                        }
                    }
                }
                String exclude = excluded.isEmpty() ? "*" : "* EXCLUDE (" + String.join(", ", excluded) + ")";
                String filter = t.getValue()[1];
                String table = t.getKey().replace("_current", "");
                String left = "SELECT " + exclude + " FROM a." + table + " " + filter;
                String right = "SELECT " + exclude + " FROM b." + table + " " + filter;
                List<String> rows = new ArrayList<>();
                collect(s, "SELECT 'only incremental: ' || CAST(x AS VARCHAR) FROM (" + left + " EXCEPT ALL " + right
                        + ") x LIMIT 3", rows);
                collect(s, "SELECT 'only rebuild: ' || CAST(x AS VARCHAR) FROM (" + right + " EXCEPT ALL " + left
                        + ") x LIMIT 3", rows);
                if (!rows.isEmpty()) {
                    differences.put(t.getKey(), rows);
                }
            }
        }
        return differences;
    }

    private static void collect(Statement s, String sql, List<String> into) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }
}
