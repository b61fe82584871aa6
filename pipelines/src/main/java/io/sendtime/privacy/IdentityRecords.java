package io.sendtime.privacy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;
import io.sendtime.model.PersonIds;

/**
 * What the job repository holds that names a person: the customer key given to each of their CRM and shop
 * records ({@code sendtime_identity}) and their records remembered in an extract's lookback band
 * ({@code sendtime_extract_boundary}). An erasure reads the first to find the person's source ids and, once
 * the ledger holds them, forgets every row it names.
 */
@Component
public class IdentityRecords {

    private final NamedParameterJdbcTemplate jdbc;

    public IdentityRecords(NamedParameterJdbcTemplate jobRepositoryJdbc) {
        this.jdbc = jobRepositoryJdbc;
    }

    /** Adds the source ids given the person's customer keys, and the keys of a source id they were asked by. */
    public void expand(PersonIds person, String askedFor) {
        if (askedFor != null) {
            jdbc.queryForList(SqlFiles.text("jobrepo/erasure/identity_of.sql"), Map.of("recordId", askedFor.strip()),
                    String.class).forEach(key -> person.add(PersonIds.Kind.CUSTOMER_KEY, key));
        }
        Set<String> keys = person.of(PersonIds.Kind.CUSTOMER_KEY);
        if (keys.isEmpty()) {
            return;
        }
        jdbc.query(SqlFiles.text("jobrepo/erasure/identity_keys.sql"), Map.of("keys", keys), rs -> {
            PersonIds.Kind kind = "crm".equals(rs.getString(1)) ? PersonIds.Kind.CRM
                    : "commerce".equals(rs.getString(1)) ? PersonIds.Kind.COMMERCE : null;
            if (kind != null) {
                person.add(kind, rs.getString(2));
            }
        });
    }

    /**
     * Forgets every identity row and lookback-band record whose customer key or source id the ledger holds (so a
     * rerun of an erasure that crashed after the warehouse step, which no longer knows the person's keys, still
     * finds them); returns rows deleted.
     */
    public int forget(Predicate<String> erased) {
        List<MapSqlParameterSource> identity = new java.util.ArrayList<>();
        jdbc.query(SqlFiles.text("jobrepo/erasure/identity_all.sql"), Map.of(), rs -> {
            if (erased.test(PersonIds.qualified(PersonIds.Kind.CUSTOMER_KEY, rs.getString(3)))
                    || erased.test(rs.getString(1) + ":" + rs.getString(2))) {
                identity.add(new MapSqlParameterSource().addValue("system", rs.getString(1))
                        .addValue("recordId", rs.getString(2)));
            }
        });
        List<MapSqlParameterSource> boundary = new java.util.ArrayList<>();
        jdbc.query(SqlFiles.text("jobrepo/erasure/boundary_ids.sql"), Map.of(), rs -> {
            String id = rs.getString(1);
            String owner = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
            if (erased.test("crm:" + owner) || erased.test("commerce:" + owner)) {
                boundary.add(new MapSqlParameterSource().addValue("recordId", id));
            }
        });
        int n = sum(jdbc.batchUpdate(SqlFiles.text("jobrepo/erasure/delete_identity_record.sql"),
                identity.toArray(MapSqlParameterSource[]::new)));
        return n + sum(jdbc.batchUpdate(SqlFiles.text("jobrepo/erasure/delete_boundary_record.sql"),
                boundary.toArray(MapSqlParameterSource[]::new)));
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += Math.max(0, c);
        }
        return n;
    }

}
