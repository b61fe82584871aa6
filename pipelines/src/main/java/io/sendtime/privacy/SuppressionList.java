package io.sendtime.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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
        Function<String, String> keyed = hash.hasher();
        Set<String> known = hashes();
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (Entry entry : entries) {
            String h = keyed.apply(entry.email());
            if (h != null && known.add(h)) {
                rows.add(new MapSqlParameterSource().addValue("emailHash", h).addValue("reason", entry.reason())
                        .addValue("source", source).addValue("suppressedAt", at.toString()));
            }
        }
        jdbc.batchUpdate(SqlFiles.text("jobrepo/suppression/insert.sql"), rows.toArray(MapSqlParameterSource[]::new));
        return rows.size();
    }

    /** The keyed hashes on the list. */
    public Set<String> hashes() {
        return new HashSet<>(jdbc.queryForList(SqlFiles.text("jobrepo/suppression/hashes.sql"), Map.of(), String.class));
    }

    /**
     * Whether an address is on the list, for one render thread. Needs the key only when the list is not empty:
     * then a missing key fails here, before any recipient is read (fail closed).
     */
    public Predicate<String> matcher() {
        return matcher(hashes());
    }

    /** Whether an address is among {@code hashes} (read by {@link #hashes}), for one thread; as {@link #matcher()}. */
    public Predicate<String> matcher(Set<String> hashes) {
        if (hashes.isEmpty()) {
            return email -> false;
        }
        return hash.matcher(hashes);
    }

    /** How many addresses are on the list (it only grows): a cheap way to notice a change. */
    public long count() {
        return jdbc.queryForObject(SqlFiles.text("jobrepo/suppression/count.sql"), Map.of(), Long.class);
    }

    /** Refuses (without the key) when the list is not empty, reading one count, not the list. */
    public void checkKey() {
        if (jdbc.queryForObject(SqlFiles.text("jobrepo/suppression/count.sql"), Map.of(), Long.class) > 0) {
            hash.hasher();
        }
    }
}
