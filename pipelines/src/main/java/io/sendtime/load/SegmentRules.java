package io.sendtime.load;

import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.WarehouseException;

/**
 * Segments from their rules: replaces {@code segment_definitions} with sql/load/segment_definitions.sql,
 * evaluates each rule over {@code profile_features_at(as_of)}, and writes every profile's memberships
 * (sql/load/segments.sql). A rule that does not evaluate stops the load with the segment's name.
 */
final class SegmentRules {

    record Definition(String name, int priority, String ruleSql) {}

    void apply(Handle h, Map<String, Long> counts) {
        h.execute("DELETE FROM segment_definitions");
        SqlScript.load("load/segment_definitions.sql").run(h, Map.of());
        List<Definition> definitions = h.createQuery(
                        "SELECT name, priority, rule_sql FROM segment_definitions ORDER BY priority")
                .map((rs, ctx) -> new Definition(rs.getString(1), rs.getInt(2), rs.getString(3))).list();
        // each rule alone, on no rows: a rule that does not bind fails here, naming its segment
        for (Definition d : definitions) {
            try {
                h.execute("SELECT (" + d.ruleSql() + ")::BOOLEAN FROM profile_features_at(getvariable('as_of')) LIMIT 0");
            } catch (RuntimeException e) {
                throw new WarehouseException("segment " + d.name() + ": its rule (" + d.ruleSql()
                        + ") does not evaluate over profile_features; fix sql/load/segment_definitions.sql", e);
            }
        }
        // then all rules in one pass over the features
        StringBuilder checks = new StringBuilder();
        for (Definition d : definitions) {
            checks.append(checks.isEmpty() ? "" : ", ").append("CASE WHEN coalesce((").append(d.ruleSql())
                    .append(")::BOOLEAN, false) THEN ").append(d.priority()).append(" END");
        }
        h.execute("CREATE OR REPLACE TEMP TABLE segment_matches AS"
                + " SELECT f.customer_key, d.name AS segment, d.priority"
                + " FROM (SELECT customer_key, unnest([" + (checks.isEmpty() ? "NULL::INTEGER" : checks) + "]) AS priority"
                + "       FROM profile_features_at(getvariable('as_of'))) f"
                + " JOIN segment_definitions d ON d.priority = f.priority");
        SqlScript.load("load/segments.sql").run(h, Map.of());
        for (Definition d : definitions) {
            counts.put("segment_" + d.name(), WarehouseLoader.scalar(h,
                    "SELECT count(*) FROM segment_memberships WHERE segment = '" + d.name().replace("'", "''") + "'"));
        }
    }
}
