package io.sendtime.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;

/**
 * Which curated manifests the load reads, as the job repository says: a transform run's manifest once
 * that run committed ({@code sendtime_transform_consumed}), a compaction's once it committed
 * ({@code sendtime_curated_compaction}), minus the manifests a committed compaction replaced. A manifest
 * on disk that is none of these (a crashed transform's, a crashed compaction's) is not read.
 */
@Component
public class CuratedCatalog {

    /** A committed compaction: its id, when it committed, and the manifests it replaced. */
    public record Compaction(String id, Instant committedAt, List<String> replaced) {}

    /**
     * The curated zone at one moment.
     *
     * @param trusted     the manifests a load reads, oldest first
     * @param replaced    manifests still on disk that a committed compaction replaced
     * @param uncommitted manifests on disk that no transform or compaction committed (yet)
     * @param compactions every committed compaction, by id
     */
    public record Snapshot(List<CuratedManifest> trusted, List<CuratedManifest> replaced,
                           List<CuratedManifest> uncommitted, Map<String, Compaction> compactions) {

        /** Only these manifests, none compacted (benchmarks and tests that build a lake by hand). */
        public static Snapshot of(List<CuratedManifest> trusted) {
            return new Snapshot(List.copyOf(trusted), List.of(), List.of(), Map.of());
        }

        /**
         * Whether the warehouse holds manifest {@code id}'s records: it loaded it, or it is a compaction
         * of manifests the warehouse holds (then loading it again would change nothing).
         */
        public boolean loaded(String id, Set<String> loadedIds) {
            if (loadedIds.contains(id)) {
                return true;
            }
            Compaction compaction = compactions.get(id);
            return compaction != null && compaction.replaced().stream().allMatch(r -> loaded(r, loadedIds));
        }

        /** The compaction that replaced {@code id}, if any. */
        public Compaction replacedBy(String id) {
            return compactions.values().stream().filter(c -> c.replaced().contains(id)).findFirst().orElse(null);
        }
    }

    private final Lake lake;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public CuratedCatalog(Lake lake, NamedParameterJdbcTemplate jobRepositoryJdbc,
                          PlatformTransactionManager transactionManager) {
        this.lake = lake;
        this.jdbc = jobRepositoryJdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * The job repository first, then the lake: a manifest committed in between is either not listed yet
     * or not trusted yet, and a compaction committed in between has not replaced anything yet.
     */
    public Snapshot snapshot() {
        Set<String> transforms = Set.copyOf(jdbc.queryForList(SqlFiles.text("jobrepo/transform/committed_runs.sql"),
                Map.of(), String.class));
        Map<String, Compaction> compactions = new LinkedHashMap<>();
        jdbc.query(SqlFiles.text("jobrepo/compaction/all.sql"), rs -> {
            Instant at = Instant.parse(rs.getString(2));
            compactions.computeIfAbsent(rs.getString(1), id -> new Compaction(id, at, new ArrayList<>()))
                    .replaced().add(rs.getString(3));
        });
        Set<String> replacedIds = new HashSet<>();
        compactions.values().forEach(c -> replacedIds.addAll(c.replaced()));
        List<CuratedManifest> trusted = new ArrayList<>();
        List<CuratedManifest> replaced = new ArrayList<>();
        List<CuratedManifest> uncommitted = new ArrayList<>();
        for (CuratedManifest m : new CuratedManifests(lake).all()) {
            String id = m.transformRunId();
            if (replacedIds.contains(id)) {
                replaced.add(m);
            } else if (m.isCompaction() ? compactions.containsKey(id) : transforms.contains(id)) {
                trusted.add(m);
            } else {
                uncommitted.add(m);
            }
        }
        return new Snapshot(trusted, replaced, uncommitted, compactions);
    }

    /**
     * Commits a compaction whose manifest is written: from this transaction on, loads read it instead of
     * {@code replaced}.
     *
     * @throws IllegalStateException when another compaction already replaced one of them
     */
    public void recordCompaction(String compactionId, List<String> replaced, Instant at) {
        try {
            transaction.executeWithoutResult(status -> {
                for (String id : replaced) {
                    jdbc.update(SqlFiles.text("jobrepo/compaction/insert.sql"), Map.of("replacedRunId", id,
                            "compactionId", compactionId, "committedAt", at.toString()));
                }
            });
        } catch (DuplicateKeyException e) {
            // asked after the rollback: PostgreSQL refuses any statement in a transaction that failed
            for (String id : replaced) {
                List<String> by = jdbc.queryForList(SqlFiles.text("jobrepo/compaction/replaced_by.sql"),
                        Map.of("replacedRunId", id), String.class);
                if (!by.isEmpty()) {
                    throw new IllegalStateException("curated manifest " + id + " was already compacted by " + by.get(0)
                            + " (another lake housekeep?); this compaction is not committed");
                }
            }
            throw e;
        }
    }
}
