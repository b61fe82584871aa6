package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Optional;

/**
 * Dotted paths into JSON, as written in the sources configuration: {@code paging.next.after},
 * {@code results}, {@code customer.id}. A segment that is a number indexes an array
 * ({@code line_items.0.sku}). An empty path or {@code .} is the node itself.
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** The node at {@code path}, or a {@link MissingNode} when any segment is absent; never null. */
    public static JsonNode at(JsonNode node, String path) {
        if (node == null) {
            return MissingNode.getInstance();
        }
        if (path == null || path.isEmpty() || path.equals(".")) {
            return node;
        }
        if (path.indexOf('.') < 0) {
            return step(node, path); // one segment (an id or a cursor field): no split
        }
        JsonNode current = node;
        for (String segment : path.split("\\.", -1)) {
            current = step(current, segment);
            if (current.isMissingNode()) {
                return current;
            }
        }
        return current;
    }

    private static JsonNode step(JsonNode current, String segment) {
        return current.isArray() && isIndex(segment) ? current.path(Integer.parseInt(segment)) : current.path(segment);
    }

    /** The value at {@code path} as text, empty when absent, null or an empty string. */
    public static Optional<String> text(JsonNode node, String path) {
        return textOf(at(node, path));
    }

    /** A node's value as text, as {@link #text(JsonNode, String)} gives it. */
    public static Optional<String> textOf(JsonNode value) {
        if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
