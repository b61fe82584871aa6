package io.sendtime.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.sendtime.warehouse.Warehouse;

/**
 * The read-only questions users ask the warehouse (the {@code inspect} commands and the quality check),
 * each one query over a read-only connection.
 */
@Component
public class WarehouseQueries {

    /** When the newest completed load computed its profiles, and how many there are. */
    public record Freshness(long loadId, Instant asOf, Instant finishedAt, long profiles) {}

    private final Warehouse warehouse;

    public WarehouseQueries(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public Optional<Freshness> freshness() {
        return warehouse.read(h -> h.createQuery("""
                        SELECT load_id, as_of, finished_at, (SELECT count(*) FROM profiles) AS profiles
                        FROM load_log WHERE status = 'completed' ORDER BY load_id DESC LIMIT 1""")
                .map((rs, ctx) -> new Freshness(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getLong(4)))
                .findOne());
    }

    /**
     * The customer key of a profile found by its key, CRM contact id, commerce customer id, email
     * (any case and surrounding spaces) or email SHA-256.
     */
    public Optional<String> findCustomerKey(String idOrEmail) {
        String value = idOrEmail.strip();
        return warehouse.read(h -> h.createQuery("""
                        SELECT customer_key FROM profiles
                        WHERE customer_key = :v OR crm_contact_id = :v OR CAST(commerce_customer_id AS VARCHAR) = :v
                           OR email = lower(:v) OR email_sha256 = lower(:v)
                        ORDER BY customer_key LIMIT 1""")
                .bind("v", value).mapTo(String.class).findOne());
    }

    /** One profile with its time-relative features as of now, in column order. */
    public Map<String, Object> profile(String customerKey) {
        return warehouse.read(h -> h.createQuery("SELECT * FROM profile_features WHERE customer_key = :k")
                .bind("k", customerKey).mapToMap().one());
    }

    public List<Map<String, Object>> rows(String sql, Map<String, Object> bindings) {
        return warehouse.read(h -> {
            var query = h.createQuery(sql);
            bindings.forEach(query::bind);
            return query.mapToMap().list();
        });
    }
}
