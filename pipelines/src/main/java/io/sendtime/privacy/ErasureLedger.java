package io.sendtime.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.sendtime.config.SqlFiles;

/**
 * The erasure ledger, in the job-repository database: each erasure (its id, reason, times) and the keyed
 * hashes of every identifier of an erased person ({@code <kind>:<value>}, HMAC-SHA256 with the privacy key),
 * never the identifiers themselves. The extract asks it, through {@link #matcher()}, whether a record it just
 * received belongs to someone erased.
 */
@Component
public class ErasureLedger {

    /** The matcher while nobody was erased: matches nothing (callers may skip looking). */
    public static final Predicate<String> NOBODY = id -> false;

    /** One erasure as the ledger holds it. */
    public record Erasure(String erasureId, boolean completed) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final KeyedHash hash;
    private final TransactionTemplate transactions;

    public ErasureLedger(NamedParameterJdbcTemplate jobRepositoryJdbc, KeyedHash hash,
                         org.springframework.transaction.PlatformTransactionManager transactionManager) {
        this.jdbc = jobRepositoryJdbc;
        this.hash = hash;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The erasure's id: the keyed hash of what it was asked for (the same request gives the same id). */
    public String erasureId(String requested) {
        return hash.hasher().apply("erasure:" + requested);
    }

    public Optional<Erasure> find(String erasureId) {
        return jdbc.query(SqlFiles.text("jobrepo/erasure/find.sql"), Map.of("erasureId", erasureId),
                (rs, i) -> new Erasure(rs.getString(1), rs.getString(2) != null)).stream().findFirst();
    }

    /**
     * Records the erasure (once) and the keyed hashes of the identifiers (those already known keep their first
     * erasure), in one transaction: from then on the extract drops their records.
     */
    public void record(String erasureId, List<String> qualifiedIds, String reason, Instant at) {
        Function<String, String> keyed = hash.hasher();
        transactions.executeWithoutResult(status -> {
            if (find(erasureId).isEmpty()) {
                jdbc.update(SqlFiles.text("jobrepo/erasure/insert.sql"), new MapSqlParameterSource()
                        .addValue("erasureId", erasureId).addValue("reason", reason)
                        .addValue("identifiers", qualifiedIds.size()).addValue("requestedAt", at.toString()));
            } else {
                jdbc.update(SqlFiles.text("jobrepo/erasure/update_count.sql"), Map.of("erasureId", erasureId,
                        "identifiers", qualifiedIds.size()));
            }
            Set<String> known = hashes();
            List<MapSqlParameterSource> rows = new ArrayList<>();
            for (String id : qualifiedIds) {
                String h = keyed.apply(id);
                if (h != null && known.add(h)) {
                    rows.add(new MapSqlParameterSource().addValue("idHash", h).addValue("erasureId", erasureId));
                }
            }
            jdbc.batchUpdate(SqlFiles.text("jobrepo/erasure/insert_id.sql"), rows.toArray(MapSqlParameterSource[]::new));
        });
    }

    public void complete(String erasureId, Instant at) {
        jdbc.update(SqlFiles.text("jobrepo/erasure/complete.sql"), Map.of("erasureId", erasureId,
                "completedAt", at.toString()));
    }

    /** How many identifiers the ledger holds (it only grows): a cheap way to notice a new erasure before asking {@link #matcher()}. */
    public long count() {
        Long n = jdbc.queryForObject(SqlFiles.text("jobrepo/erasure/count_ids.sql"), Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    private Set<String> hashes() {
        return new HashSet<>(jdbc.queryForList(SqlFiles.text("jobrepo/erasure/hashes.sql"), Map.of(), String.class));
    }

    /**
     * Whether a qualified identifier ({@code <kind>:<value>}) belongs to someone erased, for one thread. Needs the
     * key only when someone was erased: then a missing key fails here, before anything is written (fail closed).
     */
    public Predicate<String> matcher() {
        Set<String> hashes = hashes();
        if (hashes.isEmpty()) {
            return NOBODY;
        }
        return hash.matcher(hashes)::test;
    }
}
