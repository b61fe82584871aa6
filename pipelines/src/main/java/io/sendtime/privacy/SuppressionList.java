package io.sendtime.privacy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;

/**
 * Addresses that get no marketing email, whatever their consent says, from the next render on: kept in the
 * job-repository database (sql/jobrepo/suppression/), never in DuckDB, so it can be written while a job holds
 * the warehouse. It holds only keyed hashes of the addresses ({@link KeyedHash}), with a reason and the
 * channel that reported them.
 */
@Component
public class SuppressionList {

    /** One address to suppress, as an ESP or an operator reported it. */
    public record Entry(String email, String reason) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final KeyedHash hash;

    public SuppressionList(NamedParameterJdbcTemplate jobRepositoryJdbc, KeyedHash hash) {
        this.jdbc = jobRepositoryJdbc;
        this.hash = hash;
    }

    /**
     * Adds the entries (an address already on the list keeps its first reason); returns how many were new.
     *
     * @throws KeyedHash.KeyMissing without the privacy key
     */
    public int suppress(List<Entry> entries, String source, Instant at) {
        int added = 0;
        Set<String> seen = new HashSet<>();
        for (Entry entry : entries) {
            String keyed = hash.of(entry.email());
            if (keyed == null || !seen.add(keyed)) {
                continue;
            }
            if (jdbc.queryForObject(SqlFiles.text("jobrepo/suppression/count_of.sql"), Map.of("emailHash", keyed),
                    Long.class) == 0) {
                jdbc.update(SqlFiles.text("jobrepo/suppression/insert.sql"), new MapSqlParameterSource()
                        .addValue("emailHash", keyed).addValue("reason", entry.reason()).addValue("source", source)
                        .addValue("suppressedAt", at.toString()));
                added++;
            }
        }
        return added;
    }

    /** The keyed hashes on the list. */
    public Set<String> hashes() {
        return new HashSet<>(jdbc.queryForList(SqlFiles.text("jobrepo/suppression/hashes.sql"), Map.of(), String.class));
    }

    /** Whether {@code email} is on the list (needs the key only when the list is not empty). */
    public java.util.function.Predicate<String> matcher() {
        Set<String> hashes = hashes();
        if (hashes.isEmpty()) {
            return email -> false;
        }
        hash.of("key@check.invalid"); // fail closed, before any recipient is read, when the key is missing
        return email -> hashes.contains(hash.of(email));
    }
}
