package io.sendtime.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

import io.sendtime.extract.Watermarks;

/**
 * The customer keys already given, per (system, record id), in the job-repository database. A
 * transform step loads them, assigns keys to records it sees for the first time, and saves those in
 * its own transaction, so later steps of the same run (orders after customers) find them.
 */
@Component
public class Identities {

    private final JdbcTemplate jdbc;

    /** Depends on {@link Watermarks}, which creates sendtime's job-repository tables. */
    public Identities(DataSource dataSource, Watermarks tablesCreated) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Every key given so far to records of {@code system}, by record id. */
    public Map<String, String> of(String system) {
        Map<String, String> keys = new HashMap<>();
        jdbc.query("SELECT record_id, customer_key FROM sendtime_identity WHERE system = ?",
                rs -> {
                    keys.put(rs.getString(1), rs.getString(2));
                }, system);
        return keys;
    }

    /** Saves newly given keys; call inside the step's transaction. */
    public void save(String system, Map<String, String> newKeys, String transformRunId) {
        List<Object[]> rows = new ArrayList<>();
        newKeys.forEach((id, key) -> rows.add(new Object[] {system, id, key, transformRunId}));
        // a restarted step may give the same keys again: replace rather than fail on the key
        jdbc.batchUpdate("DELETE FROM sendtime_identity WHERE system = ? AND record_id = ?",
                rows.stream().map(r -> new Object[] {r[0], r[1]}).toList());
        jdbc.batchUpdate("INSERT INTO sendtime_identity (system, record_id, customer_key, assigned_by)"
                + " VALUES (?, ?, ?, ?)", rows);
    }
}
