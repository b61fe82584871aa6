package io.sendtime.transform;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;

/**
 * The customer keys already given, per (system, record id), in the job-repository database (SQL in
 * sql/jobrepo/identity/). A transform step loads them, assigns keys to records it sees for the first time,
 * and saves those in its own transaction, so later steps of the same run (orders after customers) find them.
 */
@Component
public class Identities {

    private final NamedParameterJdbcTemplate jdbc;

    public Identities(NamedParameterJdbcTemplate jobRepositoryJdbc) {
        this.jdbc = jobRepositoryJdbc;
    }

    /** Every key given so far to records of {@code system}, by record id. */
    public Map<String, String> of(String system) {
        Map<String, String> keys = new HashMap<>();
        jdbc.query(SqlFiles.text("jobrepo/identity/of.sql"), Map.of("system", system), rs -> {
            keys.put(rs.getString(1), rs.getString(2));
        });
        return keys;
    }

    /** Saves newly given keys; call inside the step's transaction. */
    public void save(String system, Map<String, String> newKeys, String transformRunId) {
        MapSqlParameterSource[] rows = newKeys.entrySet().stream().map(e -> new MapSqlParameterSource()
                .addValue("system", system).addValue("recordId", e.getKey()).addValue("customerKey", e.getValue())
                .addValue("assignedBy", transformRunId)).toArray(MapSqlParameterSource[]::new);
        // a restarted step may give the same keys again: replace rather than fail on the key
        jdbc.batchUpdate(SqlFiles.text("jobrepo/identity/delete.sql"), rows);
        jdbc.batchUpdate(SqlFiles.text("jobrepo/identity/insert.sql"), rows);
    }
}
