package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;

/**
 * Compaction of the curated zone ({@code lake housekeep}): a full rebuild from the compacted lake equals
 * one from the files it replaced, incremental loads go on from it (and equal a rebuild), and a
 * compaction that crashed before or after its commit is never read twice nor lost.
 */
class CuratedCompactionTest {

    static final long BELOW = 128L << 20;

    @TempDir
    Path dir;

    @Test
    void aRebuildFromTheCompactedLakeEqualsOneFromTheFilesItReplacedAndIncrementalLoadsGoOn() throws Exception {
        long seed = Long.getLong("sendtime.seed", System.nanoTime());
        Random random = new Random(seed);
        String why = "seed " + seed;
        Path incremental;
        Instant asOf;
        // given a history of four transforms, each loaded incrementally
        try (LoadedSamples a = new LoadedSamples(dir).curate()) {
            a.load(false, null);
            for (int round = 0; round < 3; round++) {
                a.receive(random); // curated with the churn: email events are compacted too
                a.churnAndCurate(random);
                a.load(false, null);
            }
            asOf = a.warehouse().read(h -> h.createQuery("SELECT max(as_of) FROM load_log").mapTo(Instant.class).one());
            incremental = a.warehouse().path().toAbsolutePath();
        }
        Path before = rebuild("before.duckdb", asOf);

        Path incrementalAtAsOf = dir.resolve("incremental-at-as-of.duckdb");
        try (LoadedSamples c = new LoadedSamples(dir)) {
            Lake lake = c.lake.app.get(Lake.class);
            CuratedCatalog catalog = c.lake.app.get(CuratedCatalog.class);
            assertThat(catalog.snapshot().trusted()).hasSize(4);
            long smallBefore = parquetFiles(c).size();

            // when the curated zone is compacted (no grace: the replaced manifests go at once)
            CuratedCompaction.Report report = c.lake.app.get(CuratedCompaction.class).run(Duration.ZERO, BELOW, false);

            // then one manifest replaces the four, with one file per entity, and nothing else is left
            assertThat(report.compacted()).hasSize(4);
            CuratedCatalog.Snapshot snapshot = catalog.snapshot();
            assertThat(snapshot.trusted()).singleElement()
                    .satisfies(m -> assertThat(m.replaces()).containsExactlyInAnyOrderElementsOf(report.compacted()));
            assertThat(snapshot.replaced()).isEmpty();
            assertThat(snapshot.uncommitted()).isEmpty();
            CuratedManifest compacted = snapshot.trusted().get(0);
            List<String> listed = compacted.entities().values().stream().flatMap(e -> e.files().stream()).toList();
            assertThat(listed).hasSize(compacted.entities().size()).hasSizeLessThan((int) smallBefore);
            assertThat(compacted.entities().get("email_events").files()).hasSize(1);
            assertThat(parquetFiles(c)).containsExactlyInAnyOrderElementsOf(listed);
            assertThat(Files.list(c.lake.app.lakeDir().resolve("curated/_manifests"))).hasSize(1);
            // readable by other Parquet readers (parquet-avro), with the rows the manifest counts
            for (CuratedManifest.EntityFiles e : compacted.entities().values()) {
                AtomicLong rows = new AtomicLong();
                new ParquetFiles(lake).read(lake.path(e.files().get(0)), null, r -> rows.incrementAndGet());
                assertThat(rows.get()).isEqualTo(e.records());
            }
            Files.copy(incremental, incrementalAtAsOf);

            // and the next incremental load has nothing to merge again
            LoadSummary next = c.load(false, null);
            assertThat(next.manifests()).isZero();
            assertThat(next.count("profiles_touched")).isZero();
            // nor the next compaction anything to compact
            assertThat(c.lake.app.get(CuratedCompaction.class).run(Duration.ZERO, BELOW, false).compactionId()).isNull();
        }
        Path after = rebuild("after.duckdb", asOf);
        assertThat(WarehouseDiff.between(before, after)).as("rebuild before vs after compaction, " + why).isEmpty();
        assertThat(WarehouseDiff.between(incrementalAtAsOf, after)).as("incremental vs rebuild, " + why).isEmpty();

        // and a new transform on top of the compacted lake loads incrementally, equal to a rebuild
        Instant asOf2;
        try (LoadedSamples d = new LoadedSamples(dir)) {
            d.churnAndCurate(random);
            LoadSummary next = d.load(false, null);
            assertThat(next.manifests()).isEqualTo(1);
            asOf2 = next.asOf();
            IncrementalEqualsRebuildTest.invariants(d, seed);
        }
        Path rebuilt = rebuild("rebuilt.duckdb", asOf2);
        assertThat(WarehouseDiff.between(incremental, rebuilt)).as("incremental after compaction vs rebuild, " + why)
                .isEmpty();
    }

    @Test
    void aCompactionIsReadOnlyOnceCommittedAndWhatItReplacedOnlyUntilThen() throws Exception {
        try (LoadedSamples a = new LoadedSamples(dir).curate()) {
            a.load(false, null);
            a.churnAndCurate(new Random(11));
            Lake lake = a.lake.app.get(Lake.class);
            CuratedCatalog catalog = a.lake.app.get(CuratedCatalog.class);
            CuratedCompaction compaction = a.lake.app.get(CuratedCompaction.class);
            Duration grace = Duration.ofHours(1);

            // a manifest the warehouse does not hold yet is not compacted
            CuratedCompaction.Report notYet = compaction.run(grace, BELOW, false);
            assertThat(notYet.compactionId()).isNull();
            assertThat(notYet.notLoaded()).isEqualTo(1);
            assertThat(a.load(false, null).manifests()).isEqualTo(1);

            // given a compaction that crashed after writing its manifest, before its commit, and the
            // output file of another that crashed before its manifest
            List<CuratedManifest> trusted = catalog.snapshot().trusted();
            List<String> ids = trusted.stream().map(CuratedManifest::transformRunId).toList();
            CuratedManifest crashed = new CuratedManifest("20260101T000000Z-cdead00", Instant.now().minus(Duration.ofHours(2)),
                    List.of(), trusted.get(0).entities(), ids);
            new CuratedManifests(lake).write(crashed);
            Path orphan = a.lake.app.lakeDir().resolve("curated/contacts/transform_date=2026-01-01/20260101T000000Z-cbeef00.parquet");
            Files.createDirectories(orphan.getParent());
            Files.copy(a.lake.app.lakeDir().resolve(trusted.get(0).entities().get("contacts").files().get(0)), orphan);
            Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

            // then loads do not read it
            assertThat(catalog.snapshot().uncommitted()).extracting(CuratedManifest::transformRunId)
                    .containsExactly(crashed.transformRunId());
            assertThat(a.load(true, null).manifests()).isEqualTo(2);
            // and housekeeping removes both, and nothing a committed manifest lists
            CuratedCompaction.Report swept = compaction.run(grace, 0, false);
            assertThat(swept.compactionId()).isNull();
            assertThat(swept.removed()).containsExactlyInAnyOrder("curated/_manifests/20260101T000000Z-cdead00.json",
                    "curated/contacts/transform_date=2026-01-01/20260101T000000Z-cbeef00.parquet");
            assertListedFilesExist(a, catalog.snapshot().trusted());

            // when a compaction commits, loads read it alone at once, while what it replaced stays for the grace
            CuratedCompaction.Report committed = compaction.run(grace, BELOW, false);
            assertThat(committed.compacted()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(committed.replacedKept()).isEqualTo(2);
            assertThat(committed.keptUntil()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
            CuratedCatalog.Snapshot snapshot = catalog.snapshot();
            assertThat(snapshot.trusted()).extracting(CuratedManifest::transformRunId).containsExactly(committed.compactionId());
            assertThat(snapshot.replaced()).hasSize(2);
            assertListedFilesExist(a, snapshot.replaced());
            assertThat(a.load(false, null).manifests()).isZero();
            LoadSummary rebuild = a.load(true, null);
            assertThat(rebuild.manifests()).isEqualTo(1);
            IncrementalEqualsRebuildTest.invariants(a, 0);

            // a manifest is compacted once: a second compaction of it is refused, all or nothing
            assertThatThrownBy(() -> catalog.recordCompaction("20260101T000000Z-c0ther0",
                    List.of("20260101T000000Z-tfresh0", ids.get(0)), Instant.now()))
                    .hasMessageContaining("already compacted by " + committed.compactionId());
            assertThat(catalog.snapshot().compactions()).containsOnlyKeys(committed.compactionId());

            // and after the grace they go, files first
            CuratedCompaction.Report later = compaction.run(Duration.ZERO, BELOW, false);
            assertThat(later.compactionId()).isNull();
            assertThat(later.removed()).contains("curated/_manifests/" + ids.get(0) + ".json",
                    "curated/_manifests/" + ids.get(1) + ".json");
            assertThat(catalog.snapshot().replaced()).isEmpty();
            assertListedFilesExist(a, catalog.snapshot().trusted());
            assertThat(a.load(true, null).manifests()).isEqualTo(1);
        }
    }

    private Path rebuild(String name, Instant asOf) {
        Path file = dir.resolve(name);
        try (LoadedSamples b = new LoadedSamples(dir, Map.of("sendtime.warehouse.path", file.toString()))) {
            assertThat(b.load(true, asOf).fullRebuild()).isTrue();
        }
        return file;
    }

    /** The curated Parquet files on disk, lake-relative. */
    private static List<String> parquetFiles(LoadedSamples w) throws Exception {
        Path lakeDir = w.lake.app.lakeDir();
        try (Stream<Path> walk = Files.walk(lakeDir.resolve("curated"))) {
            return new ArrayList<>(walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .map(p -> lakeDir.relativize(p).toString()).toList());
        }
    }

    private static void assertListedFilesExist(LoadedSamples w, List<CuratedManifest> manifests) {
        for (CuratedManifest m : manifests) {
            m.entities().values().forEach(e -> e.files().forEach(f ->
                    assertThat(w.lake.app.lakeDir().resolve(f)).as(m.transformRunId()).isRegularFile()));
        }
    }
}
