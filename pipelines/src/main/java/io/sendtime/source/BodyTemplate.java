package io.sendtime.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON body of a request (a CRM search, a GraphQL query and its variables), written once in configuration
 * with placeholders that each page fills in. The template is parsed as JSON when the configuration is checked,
 * and filled in on the parsed tree, so a value is always a JSON value, never text spliced into JSON.
 *
 * <ul>
 *   <li>{@code ${from}}, {@code ${to}}: the window's bounds, ISO-8601 UTC with every fractional digit;</li>
 *   <li>{@code ${from.millis}}, {@code ${to.millis}}: the same as epoch milliseconds (text), the lower bound
 *       rounded down and the upper one up, so a source that keeps milliseconds misses nothing of the window,
 *       and never before 0;</li>
 *   <li>{@code ${from.seconds}}, {@code ${to.seconds}}: ISO-8601 UTC in whole seconds, the lower bound rounded
 *       down and the upper one up (for a search syntax that takes seconds, such as Shopify's
 *       {@code updated_at:>='2026-11-09T23:00:00Z'});</li>
 *   <li>{@code ${limit}}: the page size (a number);</li>
 *   <li>{@code ${cursor}}: the next page's cursor; a field whose whole value it is stays out of the first
 *       page's body (or is {@code null} in an array).</li>
 * </ul>
 * A string that is exactly one placeholder becomes that value; one inside a longer string (a GraphQL search
 * string such as {@code "updated_at:>='${from}'"}) is replaced in the text.
 */
public final class BodyTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z.]+)}");
    static final Set<String> NAMES = Set.of("from", "to", "from.millis", "to.millis", "from.seconds", "to.seconds",
            "limit", "cursor");

    private final JsonNode template;

    private BodyTemplate(JsonNode template) {
        this.template = template;
    }

    /**
     * @param where the configuration key, for the error
     * @throws SourceConfigException when the text is not a JSON object or names an unknown placeholder
     */
    public static BodyTemplate parse(String text, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SourceConfigException(where + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", ""));
        }
        if (node == null || !node.isObject()) {
            throw new SourceConfigException(where + " must be a JSON object");
        }
        Set<String> unknown = new LinkedHashSet<>();
        collect(node, unknown);
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            throw new SourceConfigException(where + " has unknown placeholders " + unknown.stream()
                    .map(n -> "${" + n + "}").toList() + " (known: ${from}, ${to}, ${from.millis}, ${to.millis}, "
                    + "${from.seconds}, ${to.seconds}, ${limit}, ${cursor})");
        }
        return new BodyTemplate(node);
    }

    /** {@code {"query": <document>, "variables": <variables>}}: a GraphQL request. */
    static BodyTemplate graphql(String document, BodyTemplate variables) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", document);
        body.set("variables", variables.template.deepCopy());
        return new BodyTemplate(body);
    }

    /** Whether the template names the placeholder anywhere. */
    public boolean uses(String name) {
        Set<String> names = new LinkedHashSet<>();
        collect(template, names);
        return names.contains(name);
    }

    /** The body of one page. */
    public JsonNode fill(Instant from, Instant to, int limit, String cursor) {
        Map<String, JsonNode> values = new java.util.HashMap<>();
        values.put("from", TextNode.valueOf(from.toString()));
        values.put("to", TextNode.valueOf(to.toString()));
        // (a window that starts before 1970 because of the lookback starts at 0: sources refuse negative times)
        values.put("from.millis", TextNode.valueOf(Long.toString(Math.max(0, from.toEpochMilli()))));
        long toMillis = to.toEpochMilli() + (to.getNano() % 1_000_000 == 0 ? 0 : 1);
        values.put("to.millis", TextNode.valueOf(Long.toString(Math.max(0, toMillis))));
        values.put("from.seconds", TextNode.valueOf(from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        Instant toSeconds = to.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        values.put("to.seconds", TextNode.valueOf((toSeconds.equals(to) ? to : toSeconds.plusSeconds(1)).toString()));
        values.put("limit", IntNode.valueOf(limit));
        values.put("cursor", cursor == null ? null : TextNode.valueOf(cursor));
        return fill(template.deepCopy(), values);
    }

    private static JsonNode fill(JsonNode node, Map<String, JsonNode> values) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode filled = fill(field.getValue(), values);
                if (filled == null) {
                    fields.remove();
                } else {
                    field.setValue(filled);
                }
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode filled = fill(array.get(i), values);
                array.set(i, filled == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : filled);
            }
            return array;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            Matcher whole = PLACEHOLDER.matcher(text);
            if (whole.matches()) {
                return values.get(whole.group(1));
            }
            Matcher m = PLACEHOLDER.matcher(text);
            if (m.find()) {
                StringBuilder out = new StringBuilder();
                m.reset();
                while (m.find()) {
                    JsonNode value = values.get(m.group(1));
                    m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.asText()));
                }
                m.appendTail(out);
                return TextNode.valueOf(out.toString());
            }
        }
        return node;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, names));
        } else if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.textValue());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
    }

    @Override
    public String toString() {
        return template.toString();
    }
}
