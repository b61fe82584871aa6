package io.sendtime.warehouse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;

/**
 * The read-only questions asked of the warehouse (the {@code inspect} commands, the quality check, the
 * render's freshness check), each one query of sql/inspect/ over a read-only connection.
 */
@Component
public class WarehouseQueries {

    /**
     * The newest completed load: when it computed its profiles ({@code asOf}), how many there are, and up to when
     * the data they were computed from is complete ({@code dataCompleteTo}: what freshness means).
     */
    public record Freshness(long loadId, Instant asOf, Instant finishedAt, long profiles, Instant dataCompleteTo) {}

    /** How complete one source entity's data in the warehouse is (sql/inspect/complete_to.sql). */
    public record Completeness(String source, String entity, Instant completeTo, Instant extractedTo) {}

    private final Warehouse warehouse;

    public WarehouseQueries(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public Optional<Freshness> freshness() {
        return warehouse.read(h -> h.createQuery(SqlFiles.text("inspect/freshness.sql"))
                .map((rs, ctx) -> new Freshness(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getLong(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .findOne());
    }

    /** Per source entity, up to when its data is complete, stalest first. */
    public List<Completeness> completeness() {
        return warehouse.read(h -> completeness(h));
    }

    /** {@link #completeness()} on a handle the caller holds (the load, inside its transaction). */
    public static List<Completeness> completeness(org.jdbi.v3.core.Handle h) {
        return h.createQuery(SqlFiles.text("inspect/complete_to.sql"))
                .map((rs, ctx) -> new Completeness(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * The customer key of a profile found by its key, CRM contact id, commerce customer id, email
     * (any case and surrounding spaces) or email SHA-256.
     */
    public Optional<String> findCustomerKey(String idOrEmail) {
        return warehouse.read(h -> h.createQuery(SqlFiles.text("inspect/find_customer.sql"))
                .bind("v", idOrEmail.strip()).mapTo(String.class).findOne());
    }

    /** One profile with its time-relative features as of now, in column order. */
    public Map<String, Object> profile(String customerKey) {
        return warehouse.read(h -> h.createQuery(SqlFiles.text("inspect/profile.sql"))
                .bind("k", customerKey).mapToMap().one());
    }

    /** The rows of the query {@code sql/<file>}, with named parameters bound. */
    public List<Map<String, Object>> rows(String file, Map<String, ?> bindings) {
        return warehouse.read(h -> {
            var query = h.createQuery(SqlFiles.text(file));
            bindings.forEach(query::bind);
            return query.mapToMap().list();
        });
    }

    /** The one row of the query {@code sql/<file>}. */
    public Map<String, Object> row(String file) {
        return warehouse.read(h -> h.createQuery(SqlFiles.text(file)).mapToMap().one());
    }
}
