package io.sendtime.render;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.warehouse.SqlScript;

/**
 * The optional parts of the features (sql/load/features.sql: the recent views, the email engagement, the monetary
 * deciles) a send's audience computes: those whose columns its SQL filter or the columns it keeps read. A part no one
 * reads costs a scan and a join of every profile for nothing. A filter that reads columns it does not name (a star,
 * COLUMNS(...), a whole row, a lambda's parameter, anything DuckDB cannot parse) gets every part.
 */
record FeatureParts(boolean views, boolean email, boolean deciles) {

    static final FeatureParts ALL = new FeatureParts(true, true, true);

    /** The columns each part makes (features.sql says the same). */
    static final Set<String> VIEWS = Set.of("top_categories_by_views", "recent_views", "engagement_score");
    static final Set<String> EMAIL = Set.of("emails_delivered_30d", "emails_delivered_90d", "email_opens_30d",
            "email_opens_90d", "email_clicks_30d", "email_clicks_90d");
    static final Set<String> DECILES = Set.of("engagement_score");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parts these columns need. */
    static FeatureParts reading(Set<String> columns) {
        return new FeatureParts(intersects(columns, VIEWS), intersects(columns, EMAIL), intersects(columns, DECILES));
    }

    /** The parts a send needs: for the columns it keeps, and those its SQL filter reads (DuckDB parses it). */
    static FeatureParts of(Handle h, String sqlFilter, Set<String> kept) {
        Set<String> read = new HashSet<>(kept);
        Set<String> known = new HashSet<>(h.createQuery(SqlFiles.text("render/feature_columns.sql"))
                .mapTo(String.class).list());
        String syntax = h.createQuery(SqlFiles.text("render/filter_syntax.sql"))
                .bind("filter", sqlFilter).mapTo(String.class).one();
        try {
            JsonNode tree = JSON.readTree(syntax);
            if (tree.path("error").asBoolean(true) || !columns(tree, known, read)) {
                return ALL;
            }
        } catch (java.io.IOException e) {
            return ALL;
        }
        return reading(read);
    }

    /**
     * Binds the parts for audience.sql (sql/render/feature_parts.sql) and gives its {@code feature_arguments}: the
     * parts as the features macro's arguments, or nothing when the warehouse's macro predates them (last loaded by
     * an earlier version: every part is computed until its next load).
     */
    String bind(Handle h) {
        SqlScript.load("render/feature_parts.sql").run(h, Map.of(), Map.of("views", views, "email", email,
                "deciles", deciles));
        boolean defined = h.createQuery(SqlFiles.text("render/feature_parts_defined.sql")).mapTo(Boolean.class).one();
        return defined ? SqlScript.load("render/feature_arguments.sql").statements(Map.of()).get(0) : "";
    }

    /**
     * Adds the columns a parsed expression names to {@code read}; false when it reads one it does not name: a star
     * (COLUMNS(...) too) or a name that is no column (a whole row by its alias, a lambda's parameter).
     */
    private static boolean columns(JsonNode node, Set<String> known, Set<String> read) {
        if (node.isObject()) {
            String kind = node.path("class").asText();
            if ("STAR".equals(kind)) {
                return false;
            }
            if ("COLUMN_REF".equals(kind)) {
                JsonNode names = node.path("column_names");
                String column = names.path(names.size() - 1).asText().toLowerCase(java.util.Locale.ROOT);
                if (!known.contains(column)) {
                    return false;
                }
                read.add(column);
            }
        }
        for (JsonNode child : node) {
            if (!columns(child, known, read)) {
                return false;
            }
        }
        return true;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        return a.stream().anyMatch(b::contains);
    }
}
