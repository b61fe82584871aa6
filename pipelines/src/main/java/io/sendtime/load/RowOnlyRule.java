package io.sendtime.load;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;

/**
 * Whether a segment rule reads nothing but its profile's row of {@code profile_features}: then its result for a
 * profile changes only when that row does, and a load may evaluate it over the profiles whose features moved alone
 * ({@link SegmentRules}). Decided on DuckDB's own syntax tree of the rule (sql/load/segment_rule_tree.sql), by what it
 * allows, never by what it forbids: one expression, no FROM, columns of {@code profile_features} by their bare name,
 * constants, operators, comparisons, CASE, casts, and the functions of {@link #ROW_FUNCTIONS}, which depend on their
 * arguments alone. Anything else (a subquery, a window, a lambda, {@code now()}, {@code current_date},
 * {@code getvariable}, a function not listed) makes the load evaluate the rule over every profile, as before: slower,
 * never wrong.
 */
final class RowOnlyRule {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Expression classes that compute from their children only. */
    private static final Set<String> ROW_CLASSES = Set.of("CONSTANT", "CONJUNCTION", "COMPARISON", "OPERATOR",
            "BETWEEN", "CASE", "CAST", "COLLATE", "TYPE");

    /** Functions whose result depends on their arguments alone (the session's time zone is fixed to UTC). */
    static final Set<String> ROW_FUNCTIONS = Set.of(
            "+", "-", "*", "/", "//", "%", "**", "^", "||", "~~", "!~~", "~~*", "!~~*", "~~~", "!~~~",
            "abs", "ceil", "ceiling", "floor", "round", "sign", "sqrt", "ln", "log", "log10", "log2", "exp", "pow",
            "power", "greatest", "least", "nullif", "ifnull", "if",
            "lower", "upper", "lcase", "ucase", "length", "len", "strlen", "trim", "ltrim", "rtrim", "concat",
            "substring", "substr", "left", "right", "contains", "starts_with", "ends_with", "prefix", "suffix",
            "regexp_matches", "regexp_full_match",
            "list_value", "list_contains", "list_has", "array_contains", "array_has", "list_has_any", "list_has_all",
            "array_has_any", "array_has_all", "list_position", "array_length", "list_extract", "list_element",
            "struct_pack", "struct_extract",
            "date_diff", "datediff", "date_sub", "datesub", "date_part", "datepart", "date_trunc", "datetrunc",
            "year", "month", "day", "dayofweek", "isodow", "hour", "epoch", "epoch_ms", "to_days", "to_hours");

    private RowOnlyRule() {}

    /** @param columns the columns of profile_features, in lower case */
    static boolean test(Handle h, String rule, Set<String> columns) {
        String tree = h.createQuery(SqlFiles.text("load/segment_rule_tree.sql")).bind("rule", rule)
                .mapTo(String.class).one();
        try {
            return readsOnlyTheRow(JSON.readTree(tree), columns);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static boolean readsOnlyTheRow(JsonNode tree, Set<String> columns) {
        JsonNode statements = tree.path("statements");
        if (tree.path("error").asBoolean(false) || statements.size() != 1) {
            return false;
        }
        JsonNode select = statements.get(0).path("node");
        boolean bare = "SELECT_NODE".equals(select.path("type").asText())
                && "EMPTY".equals(select.path("from_table").path("type").asText())
                && select.path("select_list").size() == 1
                && select.path("modifiers").isEmpty() && select.path("cte_map").path("map").isEmpty()
                && select.path("where_clause").isNull() && select.path("having").isNull()
                && select.path("qualify").isNull() && select.path("sample").isNull()
                && select.path("group_expressions").isEmpty();
        return bare && rowOnly(select.path("select_list").get(0), columns);
    }

    private static boolean rowOnly(JsonNode node, Set<String> columns) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                if (!rowOnly(child, columns)) {
                    return false;
                }
            }
            return true;
        }
        if (!node.isObject()) {
            return true;
        }
        if (node.has("class")) {
            String kind = node.path("class").asText();
            switch (kind) {
                case "COLUMN_REF" -> {
                    JsonNode names = node.path("column_names");
                    return names.size() == 1 && columns.contains(names.get(0).asText().toLowerCase(Locale.ROOT));
                }
                case "FUNCTION" -> {
                    if (!ROW_FUNCTIONS.contains(node.path("function_name").asText().toLowerCase(Locale.ROOT))
                            || !node.path("schema").asText().isEmpty() || !node.path("catalog").asText().isEmpty()
                            || !node.path("filter").isNull() || node.path("distinct").asBoolean(false)
                            || !node.path("order_bys").path("orders").isEmpty()) {
                        return false;
                    }
                }
                default -> {
                    if (!ROW_CLASSES.contains(kind)) {
                        return false;
                    }
                }
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (!rowOnly(it.next(), columns)) {
                return false;
            }
        }
        return true;
    }
}
