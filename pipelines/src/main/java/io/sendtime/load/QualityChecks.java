package io.sendtime.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Data-quality checks after a load (the hourly DAG's last task): the warehouse is fresh, has profiles,
 * keeps its snapshot invariants, and the transform runs of the latest load with new data quarantined no
 * more than the allowed share of what they read (as that load counted it in {@code load_log}).
 */
@Component
public class QualityChecks {

    /** One check's outcome; {@code detail} says what was measured. */
    public record Check(String name, boolean passed, String detail) {}

    private final WarehouseQueries queries;

    public QualityChecks(WarehouseQueries queries) {
        this.queries = queries;
    }

    public List<Check> run(Duration maxAge, double maxQuarantineRate) {
        List<Check> checks = new ArrayList<>();
        Optional<WarehouseQueries.Freshness> freshness = queries.freshness();
        if (freshness.isEmpty()) {
            checks.add(new Check("freshness", false, "no completed load yet: run ./sendtime run load"));
            return checks;
        }
        Duration age = Duration.between(freshness.get().asOf(), Instant.now());
        checks.add(new Check("freshness", age.compareTo(maxAge) <= 0,
                "last load " + freshness.get().loadId() + " as of " + freshness.get().asOf() + ", "
                        + age.toMinutes() + " min old (limit " + maxAge.toMinutes() + " min)"));
        long profiles = freshness.get().profiles();
        checks.add(new Check("row counts", profiles > 0, profiles + " profiles"));
        long twoCurrent = count("SELECT count(*) FROM (SELECT customer_key FROM profile_snapshots WHERE is_current"
                + " GROUP BY 1 HAVING count(*) > 1)");
        long unmatched = count("SELECT count(*) FROM profiles p ANTI JOIN profile_snapshots s"
                + " ON s.customer_key = p.customer_key AND s.is_current AND s.row_hash = p.row_hash");
        checks.add(new Check("snapshots", twoCurrent == 0 && unmatched == 0,
                twoCurrent + " customers with two current versions, " + unmatched + " profiles not their current version"));

        // counted by the latest load that read anything, from its manifests (a compaction sums those it replaced)
        List<Map<String, Object>> counted = queries.rows("SELECT coalesce(counts['records_read'], 0) AS records_read,"
                + " coalesce(counts['records_quarantined'], 0) AS records_quarantined FROM load_log"
                + " WHERE manifests > 0 ORDER BY load_id DESC LIMIT 1", Map.of());
        long read = counted.isEmpty() ? 0 : ((Number) counted.get(0).get("records_read")).longValue();
        long quarantined = counted.isEmpty() ? 0 : ((Number) counted.get(0).get("records_quarantined")).longValue();
        double rate = read == 0 ? 0 : (double) quarantined / read;
        checks.add(new Check("quarantine rate", rate <= maxQuarantineRate, String.format(java.util.Locale.ROOT,
                "%d of %d records read by the transforms of the latest load with new data quarantined (%.2f%%, limit %.2f%%)",
                quarantined, read, rate * 100, maxQuarantineRate * 100)));
        return checks;
    }

    private long count(String sql) {
        return queries.warehouse().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
