package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Rows of render_recipients (sql/render/audience.sql) as template contexts (see templates/README.md):
 * numbers and text as they are, instants ({@code *_at}, epoch microseconds) as {@link Instant},
 * {@code *_list} columns (joined by chr(31)) as lists of text, cart items from JSON, product id lists
 * ({@code last_viewed_ids}) resolved against {@code render_products}, read once (every recipient shares
 * the same read-only product maps), and {@code bought_ids} turned into {@code recommendations} by the
 * {@link Recommender}.
 */
final class RecipientRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

    private final String[] columns;
    private final Map<Long, Map<String, Object>> products;
    private final Recommender recommender;

    /** What rows are resolved against: the render's products and the recommender, read before the rows. */
    record Lookups(Map<Long, Map<String, Object>> products, Recommender recommender) {

        static Lookups load(java.sql.Connection connection) throws SQLException {
            Map<Long, Map<String, Object>> products = RecipientRows.products(connection);
            return new Lookups(products, Recommender.load(connection, products));
        }
    }

    RecipientRows(ResultSetMetaData meta, Lookups lookups) throws SQLException {
        columns = new String[meta.getColumnCount()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = meta.getColumnLabel(i + 1);
        }
        this.products = lookups.products();
        this.recommender = lookups.recommender();
    }

    /** The position of a result column in the values {@link #read} returns. */
    int column(String name) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("render_recipients has no column " + name);
    }

    /** The render's products (render_products: refreshed price and stock), by id, as template values. */
    private static Map<Long, Map<String, Object>> products(java.sql.Connection connection) throws SQLException {
        Map<Long, Map<String, Object>> products = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT product_id, title, price_minor, currency, stock FROM render_products")) {
            while (rs.next()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("product_id", rs.getLong(1));
                p.put("title", rs.getString(2));
                p.put("price_minor", rs.getObject(3));
                p.put("currency", rs.getString(4));
                p.put("in_stock", rs.getLong(5) > 0);
                products.put(rs.getLong(1), Collections.unmodifiableMap(p));
            }
        }
        return products;
    }

    /** One row's values as read, cheap: the reading thread only does this. */
    Object[] read(ResultSet rs) throws SQLException {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = rs.getObject(i + 1);
        }
        return values;
    }

    Map<String, Object> next(ResultSet rs) throws SQLException {
        return context(read(rs));
    }

    /** A row read by {@link #read} as a template context; thread-safe, done on the render threads. */
    Map<String, Object> context(Object[] values) {
        Map<String, Object> row = new HashMap<>(columns.length * 2);
        for (int i = 0; i < columns.length; i++) {
            String column = columns[i];
            Object value = values[i];
            String name = column;
            if (column.equals("bought_ids")) {
                value = recommender.recommend(split(value));
                name = "recommendations";
            } else if (column.endsWith("_ids")) {
                value = lookUp(split(value));
                name = column.substring(0, column.length() - "_ids".length());
            } else if (column.endsWith("_list")) {
                value = split(value);
                name = column.substring(0, column.length() - "_list".length());
            } else if (column.equals("cart_items")) {
                value = list(value);
            } else if (value instanceof Long micros && column.endsWith("_at")) {
                value = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            } else if (value instanceof OffsetDateTime t) {
                value = t.toInstant();
            } else if (value instanceof Timestamp t) {
                value = t.toInstant();
            }
            row.put(name, value);
        }
        return row;
    }

    /** A list joined by chr(31) in SQL; NULL and '' are the empty list. */
    private static List<String> split(Object joined) {
        if (joined == null || joined.toString().isEmpty()) {
            return List.of();
        }
        return List.of(joined.toString().split("\u001f", -1));
    }

    /** Product ids to product maps, in order; ids of products no longer in the catalog are left out. */
    private List<Object> lookUp(List<String> ids) {
        List<Object> found = new ArrayList<>(ids.size());
        for (String id : ids) {
            Map<String, Object> product = products.get(Long.parseLong(id));
            if (product != null) {
                found.add(product);
            }
        }
        return found;
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
