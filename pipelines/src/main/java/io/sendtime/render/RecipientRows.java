package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A row of sql/render/recipients.sql as a template context: numbers and text as they are, instants as
 * {@link java.time.Instant}, the JSON list columns as lists of maps (or of strings).
 */
final class RecipientRows {

    static final Set<String> JSON_COLUMNS = Set.of("top_categories", "top_categories_by_views", "cart_items",
            "last_viewed", "recommendations", "segments");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

    private final String[] columns;

    RecipientRows(ResultSetMetaData meta) throws SQLException {
        columns = new String[meta.getColumnCount()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = meta.getColumnLabel(i + 1);
        }
    }

    Map<String, Object> next(ResultSet rs) throws SQLException {
        Map<String, Object> row = new HashMap<>(columns.length * 2);
        for (int i = 0; i < columns.length; i++) {
            String column = columns[i];
            Object value = rs.getObject(i + 1);
            if (JSON_COLUMNS.contains(column)) {
                value = list(value);
            } else if (value instanceof OffsetDateTime t) {
                value = t.toInstant();
            } else if (value instanceof Timestamp t) {
                value = t.toInstant();
            }
            row.put(column, value);
        }
        return row;
    }

    private static List<Object> list(Object json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json.toString(), LIST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
