package io.sendtime.render;

import io.sendtime.config.SqlFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
 * Rows of render_recipients (sql/render/recipients.sql: key, email, context JSON) as template contexts
 * (see templates/README.md): the JSON as maps, lists, text and numbers, instants ({@code *_at}, epoch
 * microseconds) as {@link Instant}, {@code last_viewed_ids} resolved against {@code render_products},
 * read once (every recipient shares the same read-only product maps), and {@code bought_ids} turned
 * into {@code recommendations} by the {@link Recommender}.
 */
final class RecipientRows {

    /** Position of the email in the values {@link #read} returns. */
    static final int EMAIL = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<HashMap<String, Object>> CONTEXT = new TypeReference<>() {};

    private final Map<Long, Map<String, Object>> products;
    private final Recommender recommender;

    /** What rows are resolved against: the render's products and the recommender, read before the rows. */
    record Lookups(Map<Long, Map<String, Object>> products, Recommender recommender) {

        static Lookups load(java.sql.Connection connection) throws SQLException {
            Map<Long, Map<String, Object>> products = RecipientRows.products(connection);
            return new Lookups(products, Recommender.load(connection, products));
        }
    }

    RecipientRows(Lookups lookups) {
        this.products = lookups.products();
        this.recommender = lookups.recommender();
    }

    /** The render's products (render_products: refreshed price and stock), by id, as template values. */
    private static Map<Long, Map<String, Object>> products(java.sql.Connection connection) throws SQLException {
        Map<Long, Map<String, Object>> products = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(SqlFiles.text("render/products.sql"))) {
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

    /** One row's values as read (key, email, context JSON), cheap: the reading thread only does this. */
    Object[] read(ResultSet rs) throws SQLException {
        return new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)};
    }

    Map<String, Object> next(ResultSet rs) throws SQLException {
        return context(read(rs));
    }

    /** A row read by {@link #read} as a template context; thread-safe, done on the render threads. */
    Map<String, Object> context(Object[] values) {
        Map<String, Object> context;
        try {
            context = JSON.readValue((String) values[2], CONTEXT);
        } catch (IOException e) {
            throw new UncheckedIOException("render_recipients: unreadable context of " + values[0], e);
        }
        context.put("last_viewed", lookUp((List<?>) context.remove("last_viewed_ids")));
        context.put("recommendations", recommender.recommend((List<?>) context.remove("bought_ids")));
        context.replaceAll((name, value) -> name.endsWith("_at") && value instanceof Number micros
                ? Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS) : value);
        return context;
    }

    /** Product ids to product maps, in order; ids of products no longer in the catalog are left out. */
    private List<Object> lookUp(List<?> ids) {
        if (ids == null) {
            return List.of();
        }
        List<Object> found = new ArrayList<>(ids.size());
        for (Object id : ids) {
            Map<String, Object> product = id == null ? null : products.get(((Number) id).longValue());
            if (product != null) {
                found.add(product);
            }
        }
        return found;
    }
}
