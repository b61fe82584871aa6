package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.sendtime.samples.Churn;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/** The sample APIs, extracted, curated and loaded by a real app, with helpers to query the warehouse. */
final class LoadedSamples implements AutoCloseable {

    final SampleLake lake;

    LoadedSamples(Path dir) {
        this(dir, Map.of());
    }

    LoadedSamples(Path dir, Map<String, Object> properties) {
        this.lake = new SampleLake(dir, properties);
    }

    /** Extract both sources and curate them. */
    LoadedSamples curate() {
        lake.extractBoth();
        lake.transform();
        return this;
    }

    /**
     * A random change at the sources in every entity (creates, updates, deletes, records sharing a
     * timestamp, late updates inside the lookback), extracted and curated: one more transform run.
     */
    void churnAndCurate(Random random) {
        lake.apis.store().churnAll(Churn.of(random.nextInt(4), 1 + random.nextInt(6), random.nextInt(3))
                .withTies(random.nextInt(4))
                .withLate(random.nextInt(3), Duration.ofSeconds(1 + random.nextInt(60)))
                .withSeed(random.nextLong()));
        curate();
    }

    LoadSummary load(boolean fullRebuild, Instant asOf) {
        LoadSummary summary = lake.app.get(LoadService.class).run(fullRebuild, asOf);
        assertThat(summary.failure()).as("load failure").isNull();
        return summary;
    }

    Warehouse warehouse() {
        return lake.app.get(Warehouse.class);
    }

    long count(String sql) {
        return warehouse().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    List<Map<String, Object>> rows(String sql) {
        return warehouse().read(h -> h.createQuery(sql).mapToMap().list());
    }

    @Override
    public void close() {
        lake.close();
    }
}
