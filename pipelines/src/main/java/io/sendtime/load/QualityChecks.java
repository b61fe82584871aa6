package io.sendtime.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.sendtime.warehouse.WarehouseQueries;

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
        return run(maxAge, maxQuarantineRate, Instant.now());
    }

    /** @param at the time the data should be complete to, less {@code maxAge} (a scheduled run: its interval's end) */
    public List<Check> run(Duration maxAge, double maxQuarantineRate, Instant at) {
        List<Check> checks = new ArrayList<>();
        Optional<WarehouseQueries.Freshness> freshness = queries.freshness();
        if (freshness.isEmpty()) {
            checks.add(new Check("freshness", false, "no completed load yet: run ./sendtime run load"));
            return checks;
        }
        Duration age = Duration.between(freshness.get().dataCompleteTo(), at);
        String stalest = queries.completeness().stream().findFirst()
                .map(c -> "; stalest " + c.source() + " " + c.entity()).orElse("");
        checks.add(new Check("freshness", age.compareTo(maxAge) <= 0,
                "data complete to " + freshness.get().dataCompleteTo() + " (load " + freshness.get().loadId() + "), "
                        + age.toMinutes() + " min old (limit " + maxAge.toMinutes() + " min)" + stalest));
        long profiles = freshness.get().profiles();
        checks.add(new Check("row counts", profiles > 0, profiles + " profiles"));
        Map<String, Object> invariants = queries.row("inspect/snapshot_invariants.sql");
        long twoCurrent = ((Number) invariants.get("two_current")).longValue();
        long unmatched = ((Number) invariants.get("unmatched")).longValue();
        checks.add(new Check("snapshots", twoCurrent == 0 && unmatched == 0,
                twoCurrent + " customers with two current versions, " + unmatched + " profiles not their current version"));

        // counted by the latest load that read anything, from its manifests (a compaction sums those it replaced)
        List<Map<String, Object>> counted = queries.rows("inspect/quarantine_rate.sql", Map.of());
        long read = counted.isEmpty() ? 0 : ((Number) counted.get(0).get("records_read")).longValue();
        long quarantined = counted.isEmpty() ? 0 : ((Number) counted.get(0).get("records_quarantined")).longValue();
        double rate = read == 0 ? 0 : (double) quarantined / read;
        checks.add(new Check("quarantine rate", rate <= maxQuarantineRate, String.format(java.util.Locale.ROOT,
                "%d of %d records read by the transforms of the latest load with new data quarantined (%.2f%%, limit %.2f%%)",
                quarantined, read, rate * 100, maxQuarantineRate * 100)));
        return checks;
    }
}
