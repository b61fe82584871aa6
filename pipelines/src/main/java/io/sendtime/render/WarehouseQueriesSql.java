package io.sendtime.render;

import java.util.Map;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;

/** Small counting queries inside a render's transaction. */
final class WarehouseQueriesSql {

    private WarehouseQueriesSql() {
    }

    static long count(Handle h, String sql) {
        return h.createQuery(sql).mapTo(Long.class).one();
    }

    static Map<String, Long> grouped(Handle h, String sql) {
        Map<String, Long> out = new TreeMap<>();
        h.createQuery(sql).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
