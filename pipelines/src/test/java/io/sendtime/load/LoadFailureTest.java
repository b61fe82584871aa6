package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.samples.Churn;
import io.sendtime.warehouse.WarehouseWriterMain;

/** A load is one transaction, and one process writes the warehouse at a time. */
class LoadFailureTest {

    static final String STATE = """
            SELECT (SELECT count(*) FROM load_log) || '/' || (SELECT count(*) FROM loaded_manifests) || '/'
                || (SELECT count(*) FROM contacts) || '/' || (SELECT count(*) FROM events) || '/'
                || (SELECT count(*) FROM profile_snapshots) || '/' || (SELECT count(*) FROM consent_statements) || '/'
                || (SELECT string_agg(row_hash, ',' ORDER BY customer_key) FROM profiles)""";

    @TempDir
    Path dir;

    @Test
    void aLoadThatFailsHalfwayChangesNothingAndTheRerunCompletesIt() throws Exception {
        Instant asOf;
        Path warehouse;
        try (LoadedSamples samples = new LoadedSamples(dir).curate()) {
            samples.load(false, null);
            samples.lake.apis.store().churnAll(Churn.of(2, 5, 1).withSeed(7));
            samples.lake.extractBoth();
            samples.lake.transform();
            String before = state(samples);

            // given the newest curated events file is damaged: events are merged last, so contacts,
            // customers, orders ... are already merged inside the load's transaction when it fails
            Lake lake = samples.lake.app.get(Lake.class);
            List<CuratedManifest> manifests = new CuratedManifests(lake).all();
            String events = manifests.get(manifests.size() - 1).entities().get("storefront_events").files().get(0);
            Path file = samples.lake.app.lakeDir().resolve(events);
            Path saved = dir.resolve("saved.parquet");
            Files.copy(file, saved);
            Files.write(file, new byte[] {'P', 'A', 'R', '1', 0, 0, 0, 0});

            // when the load runs, it fails in one line and the warehouse is exactly as before
            LoadSummary failed = samples.lake.app.get(LoadService.class).run(false, null);
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.failure()).contains("stage.sql").doesNotContain("\n");
            assertThat(state(samples)).isEqualTo(before);

            // and once the file is back, the rerun completes the load
            Files.copy(saved, file, StandardCopyOption.REPLACE_EXISTING);
            LoadSummary rerun = samples.load(false, null);
            assertThat(rerun.manifests()).isEqualTo(1);
            assertThat(rerun.count("contacts_merged")).isPositive();
            asOf = rerun.asOf();
            warehouse = samples.warehouse().path();
            IncrementalEqualsRebuildTest.invariants(samples, 0);
        }
        // equal to a rebuild of the same lake
        Path rebuilt = dir.resolve("rebuilt.duckdb");
        try (LoadedSamples b = new LoadedSamples(dir, Map.of("sendtime.warehouse.path", rebuilt.toString()))) {
            b.load(true, asOf);
        }
        assertThat(WarehouseDiff.between(warehouse, rebuilt)).isEmpty();
    }

    @Test
    void aSecondLoadWhileAnotherProcessWritesIsRefusedInOneLine() throws Exception {
        try (LoadedSamples samples = new LoadedSamples(dir).curate()) {
            samples.load(false, null);
            String before = state(samples);
            Process writer = WarehouseWriterMain.start(samples.warehouse().path().toAbsolutePath());
            try {
                LoadSummary refused = samples.lake.app.get(LoadService.class).run(false, null);
                assertThat(refused.succeeded()).isFalse();
                assertThat(refused.failure()).doesNotContain("\n")
                        .startsWith("the warehouse " + samples.warehouse().path()
                                + " is being written by another sendtime process (load job (pid " + writer.pid())
                        .endsWith("retry when it finishes");
            } finally {
                writer.destroyForcibly();
                writer.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(state(samples)).as("nothing written by the refused load, nor by the killed writer").isEqualTo(before);
            assertThat(samples.load(false, null).succeeded()).isTrue();
        }
    }

    static String state(LoadedSamples samples) {
        return samples.warehouse().read(h -> h.createQuery(STATE).mapTo(String.class).one());
    }
}
