package io.sendtime.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sendtime.warehouse.SqlScript;

/**
 * The fields of the template context (sql/render/template_context.sql: {@code to_json({'name': expression, ...})}),
 * and that expression for some of them: a send makes and reads only the fields its campaign reads
 * ({@link CompiledCampaign#contextKeys}), so DuckDB neither computes nor serializes, and the render threads neither
 * parse nor convert, values no template shows. The profiles snapshot and a preview keep every field.
 */
final class ContextFields {

    private static final Pattern FIELD = Pattern.compile("(?s)\\s*'([a-z_]+)'\\s*:\\s*(.+)");
    private static final Pattern COLUMN = Pattern.compile("\\ba\\.([a-z_]+)");
    private static final String OPEN = "to_json({";
    private static final String CLOSE = "})::VARCHAR";

    /** name → its SQL expression, in the file's order */
    private final Map<String, String> fields;

    private ContextFields(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Every field of sql/render/template_context.sql. */
    static ContextFields all() {
        return parse(SqlScript.load("render/template_context.sql").statements(Map.of()).get(0));
    }

    /** The fields of a template-context expression, {@code to_json({'name': expression, ...})::VARCHAR}. */
    static ContextFields parse(String expression) {
        String text = expression.strip();
        if (!text.startsWith(OPEN) || !text.endsWith(CLOSE)) {
            throw new IllegalStateException("render/template_context.sql: expected " + OPEN + " ... " + CLOSE);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : topLevel(text.substring(OPEN.length(), text.length() - CLOSE.length()))) {
            Matcher m = FIELD.matcher(part);
            if (!m.matches() || fields.put(m.group(1), m.group(2).strip()) != null) {
                throw new IllegalStateException("render/template_context.sql: not one 'name': expression field: " + part.strip());
            }
        }
        return new ContextFields(fields);
    }

    /**
     * These fields only (names of no field are left out: a template reading one fails as a reference nobody
     * defined, as it would with every field).
     */
    ContextFields keeping(Set<String> names) {
        Map<String, String> kept = new LinkedHashMap<>();
        fields.forEach((name, sql) -> {
            if (names.contains(name)) {
                kept.put(name, sql);
            }
        });
        return new ContextFields(kept);
    }

    Set<String> names() {
        return fields.keySet();
    }

    /** The expression making these fields' JSON object. */
    String expression() {
        List<String> parts = new ArrayList<>();
        fields.forEach((name, sql) -> parts.add("'" + name + "': " + sql));
        return OPEN + String.join(", ", parts) + CLOSE;
    }

    /** The columns of the audience (relation a) these fields read, in the fields' order. */
    Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        for (String sql : fields.values()) {
            Matcher m = COLUMN.matcher(sql);
            while (m.find()) {
                columns.add(m.group(1));
            }
        }
        return columns;
    }

    /** The comma-separated parts of a struct's body, commas inside brackets and quotes left alone. */
    private static List<String> topLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // '' inside a literal toggles twice
            } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        if (!body.substring(start).isBlank()) {
            parts.add(body.substring(start));
        }
        return parts;
    }
}
