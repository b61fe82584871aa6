package io.sendtime.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.WarehouseException;

/**
 * Segments from their rules: replaces {@code segment_definitions} with sql/load/segment_definitions.sql,
 * evaluates each rule over {@code profile_features_at(as_of)}, and writes every profile's memberships
 * (sql/load/segments.sql). A rule that does not evaluate stops the load with the segment's name. Rules
 * are operator-written SQL expressions, like the definitions file itself.
 */
public final class SegmentRules {

    record Definition(String name, int priority, String ruleSql) {}

    public void apply(Handle h, Map<String, Long> counts) {
        SqlScript.load("load/segment_reset.sql").run(h, Map.of());
        SqlScript.load("load/segment_definitions.sql").run(h, Map.of());
        List<Definition> definitions = h.createQuery(SqlFiles.text("load/segment_rules.sql"))
                .map((rs, ctx) -> new Definition(rs.getString(1), rs.getInt(2), rs.getString(3))).list();
        // each rule alone, on no rows: a rule that does not bind fails here, naming its segment
        for (Definition d : definitions) {
            try {
                SqlScript.load("load/segment_rule_check.sql").run(h, Map.of("rule", d.ruleSql()));
            } catch (RuntimeException e) {
                throw new WarehouseException("segment " + d.name() + ": its rule (" + d.ruleSql()
                        + ") does not evaluate over profile_features; fix sql/load/segment_definitions.sql", e);
            }
        }
        // then all rules in one pass over the features
        List<String> checks = new ArrayList<>();
        for (Definition d : definitions) {
            checks.add(SqlScript.load("load/segment_match.sql").statements(Map.of("rule", d.ruleSql(),
                    "priority", Integer.toString(d.priority()))).get(0));
        }
        SqlScript.load("load/segment_matches.sql").run(h, Map.of("checks",
                checks.isEmpty() ? "NULL::INTEGER" : String.join(", ", checks)));
        SqlScript.load("load/segments.sql").run(h, Map.of());
        Map<String, Long> sizes = new HashMap<>();
        h.createQuery(SqlFiles.text("load/segment_sizes.sql")).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        for (Definition d : definitions) {
            counts.put("segment_" + d.name(), sizes.getOrDefault(d.name(), 0L));
        }
    }
}
