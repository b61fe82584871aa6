package io.sendtime.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;

/**
 * Data-quality checks after a load (the hourly DAG's last task): the warehouse is fresh, has profiles,
 * keeps its snapshot invariants, and the transform runs of the latest load quarantined no more than
 * the allowed share of what they read.
 */
@Component
public class QualityChecks {

    /** One check's outcome; {@code detail} says what was measured. */
    public record Check(String name, boolean passed, String detail) {}

    private final WarehouseQueries queries;
    private final Lake lake;

    public QualityChecks(WarehouseQueries queries, Lake lake) {
        this.queries = queries;
        this.lake = lake;
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

        Set<String> latest = Set.copyOf(queries.rows("SELECT transform_run_id FROM loaded_manifests"
                + " WHERE load_id = (SELECT max(load_id) FROM loaded_manifests)", java.util.Map.of())
                .stream().map(r -> (String) r.get("transform_run_id")).toList());
        long read = 0;
        long quarantined = 0;
        for (CuratedManifest m : new CuratedManifests(lake).all()) {
            if (latest.contains(m.transformRunId())) {
                for (CuratedManifest.EntityFiles e : m.entities().values()) {
                    read += e.read();
                    quarantined += e.quarantined();
                }
            }
        }
        double rate = read == 0 ? 0 : (double) quarantined / read;
        checks.add(new Check("quarantine rate", rate <= maxQuarantineRate, String.format(java.util.Locale.ROOT,
                "%d of %d records of the latest loaded transform runs quarantined (%.2f%%, limit %.2f%%)",
                quarantined, read, rate * 100, maxQuarantineRate * 100)));
        return checks;
    }

    private long count(String sql) {
        return queries.warehouse().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
