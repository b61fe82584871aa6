package io.sendtime.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.WarehouseException;

/**
 * Segments from their rules: replaces {@code segment_definitions} with sql/load/segment_definitions.sql,
 * evaluates each rule over {@code profile_features_at(as_of)}, and writes every profile's memberships
 * (sql/load/segments.sql). A rule that does not evaluate stops the load with the segment's name. Rules
 * are operator-written SQL expressions, like the definitions file itself.
 *
 * <p>When the load knows which profiles' features may have moved since the previous load (sql/load/serving/moved.sql:
 * the same UTC day, the chain that load published), the definitions are the ones that load used, and every rule reads
 * nothing but its profile's features row ({@link RowOnlyRule}), only the moved profiles are evaluated: every other
 * profile's row, hence every rule's result for it, is what it was. Otherwise every profile is.
 */
public final class SegmentRules {

    record Definition(String name, int priority, String ruleSql) {}

    /** Evaluates the rules over every profile. */
    public void apply(Handle h, Map<String, Long> counts) {
        apply(h, counts, false);
    }

    /**
     * @param movedKnown whether serving/moved.sql made moved_keys and its temp tables of their rows for this load
     */
    public void apply(Handle h, Map<String, Long> counts, boolean movedKnown) {
        List<Definition> previous = definitions(h);
        SqlScript.load("load/segment_reset.sql").run(h, Map.of());
        SqlScript.load("load/segment_definitions.sql").run(h, Map.of());
        List<Definition> definitions = definitions(h);
        // each rule alone, on no rows: a rule that does not bind fails here, naming its segment
        for (Definition d : definitions) {
            try {
                SqlScript.load("load/segment_rule_check.sql").run(h, Map.of("rule", d.ruleSql()));
            } catch (RuntimeException e) {
                throw new WarehouseException("segment " + d.name() + ": its rule (" + d.ruleSql()
                        + ") does not evaluate over profile_features; fix sql/load/segment_definitions.sql", e);
            }
        }
        boolean onlyMoved = movedKnown && definitions.equals(previous) && readOnlyTheirRow(h, definitions);
        // then all rules in one pass over the features
        List<String> checks = new ArrayList<>();
        for (Definition d : definitions) {
            checks.add(SqlScript.load("load/segment_match.sql").statements(Map.of("rule", d.ruleSql(),
                    "priority", Integer.toString(d.priority()))).get(0));
        }
        SqlScript.load("load/segment_matches.sql").run(h, Map.of("checks",
                checks.isEmpty() ? "NULL::INTEGER" : String.join(", ", checks),
                "features", onlyMoved
                        ? "profile_features_of(getvariable('as_of'), 'serving_rows', 'serving_events', 'serving_email_events')"
                        : "profile_features_at(getvariable('as_of'))"));
        SqlScript.load("load/segments.sql").run(h, Map.of("only",
                onlyMoved ? "SEMI JOIN moved_keys USING (customer_key)" : ""));
        counts.put("profiles_segmented", h.createQuery(SqlScript.load("load/segment_evaluated.sql")
                .statements(Map.of("rows", onlyMoved ? "serving_rows" : "profiles")).get(0)).mapTo(Long.class).one());
        Map<String, Long> sizes = new HashMap<>();
        h.createQuery(SqlFiles.text("load/segment_sizes.sql")).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        for (Definition d : definitions) {
            counts.put("segment_" + d.name(), sizes.getOrDefault(d.name(), 0L));
        }
    }

    private static List<Definition> definitions(Handle h) {
        return h.createQuery(SqlFiles.text("load/segment_rules.sql"))
                .map((rs, ctx) -> new Definition(rs.getString(1), rs.getInt(2), rs.getString(3))).list();
    }

    private static boolean readOnlyTheirRow(Handle h, List<Definition> definitions) {
        Set<String> columns = h.createQuery(SqlFiles.text("load/segment_feature_columns.sql")).mapTo(String.class)
                .stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return definitions.stream().allMatch(d -> RowOnlyRule.test(h, d.ruleSql(), columns));
    }
}
