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
        h.execute("CREATE OR REPLACE TEMP TABLE features_now AS"
                + " SELECT * FROM profile_features_at(getvariable('as_of'))");
        h.execute("CREATE OR REPLACE TEMP TABLE segment_matches"
                + " (customer_key VARCHAR, segment VARCHAR, priority INTEGER)");
        for (Definition d : definitions) {
            try {
                h.execute("INSERT INTO segment_matches SELECT customer_key, ?, ? FROM features_now WHERE ("
                        + d.ruleSql() + ")", d.name(), d.priority());
            } catch (RuntimeException e) {
                throw new WarehouseException("segment " + d.name() + ": its rule (" + d.ruleSql()
                        + ") does not evaluate over profile_features; fix sql/load/segment_definitions.sql", e);
            }
        }
        SqlScript.load("load/segments.sql").run(h, Map.of());
        for (Definition d : definitions) {
            counts.put("segment_" + d.name(), WarehouseLoader.scalar(h,
                    "SELECT count(*) FROM segment_memberships WHERE segment = '" + d.name().replace("'", "''") + "'"));
        }
        h.execute("DROP TABLE features_now");
    }
}
