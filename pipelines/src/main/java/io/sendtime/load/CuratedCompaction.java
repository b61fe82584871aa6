package io.sendtime.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RunIds;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * Compacts the curated zone (the weekly DAG's {@code lake housekeep}). Hourly transforms leave one small
 * file per entity per run, and a full rebuild reads them all. The manifests the warehouse already holds
 * that are each smaller than a threshold are rewritten as one manifest with one file per entity
 * (sql/lake/compact.sql), which {@code replaces} them. Steps, each safe to crash after:
 * <ol>
 *   <li>per entity, the files rewritten by DuckDB as one (in-progress name, then rename); an entity
 *       with a single file keeps it;</li>
 *   <li>the compaction's manifest, written atomically: not read by any load yet;</li>
 *   <li>the commit: the job repository records the replaced manifests in one transaction
 *       ({@link CuratedCatalog#recordCompaction}); loads read the compaction from then on;</li>
 *   <li>the sweep, once a grace period has passed since the commit (a load that listed the replaced
 *       manifests before it can finish reading them): their files that no other manifest lists, then
 *       the manifests. A compaction that crashed before its commit is swept the same way.</li>
 * </ol>
 * Only manifests the warehouse holds are compacted, so the next incremental load has nothing to merge
 * again ({@link CuratedCatalog.Snapshot#loaded}); the rest wait for a later pass.
 */
@Component
public class CuratedCompaction {

    /** What a pass compacted ({@code compactionId} null: nothing) and swept. */
    public record Report(String compactionId, List<String> compacted, int filesBefore, long bytesBefore,
                         int filesAfter, long bytesAfter, int notLoaded, List<String> removed, long bytesRemoved,
                         int replacedKept, Instant keptUntil, String skipped) {}

    /** The ids of compactions, which name their output files {@code <id>.parquet}. */
    private static final String KIND = "c";
    private static final Pattern COMPACTED_FILE = Pattern.compile(RunIds.pattern(KIND).pattern() + "\\.parquet");

    private final Lake lake;
    private final CuratedCatalog catalog;
    private final Warehouse warehouse;
    private final WarehouseSettings duckdb;

    public CuratedCompaction(Lake lake, CuratedCatalog catalog, Warehouse warehouse, WarehouseSettings duckdb) {
        this.lake = lake;
        this.catalog = catalog;
        this.warehouse = warehouse;
        this.duckdb = duckdb;
    }

    /**
     * @param grace        how long replaced manifests stay after the compaction committed
     * @param compactBelow manifests whose files add up to less than this many bytes are compacted
     *                     (0: none)
     */
    public Report run(Duration grace, long compactBelow, boolean dryRun) {
        if (!lake.isLocal()) {
            return new Report(null, List.of(), 0, 0, 0, 0, 0, List.of(), 0, 0, null,
                    "the curated zone is compacted with DuckDB, which needs a local lake (file:)");
        }
        CuratedFiles files = new CuratedFiles(lake);
        CuratedCatalog.Snapshot snapshot = catalog.snapshot();
        Set<String> loadedIds = warehouse.exists() ? warehouse.read(WarehouseLoader::loadedManifests) : Set.of();
        List<CuratedManifest> candidates = new ArrayList<>();
        int notLoaded = 0;
        for (CuratedManifest m : snapshot.trusted()) {
            if (!snapshot.loaded(m.transformRunId(), loadedIds)) {
                notLoaded++;
            } else if (bytes(files, m) < compactBelow) {
                candidates.add(m);
            }
        }
        List<String> before = candidates.stream().flatMap(CuratedCompaction::entityFiles).toList();
        long bytesBefore = before.stream().mapToLong(f -> size(files.local(f))).sum();
        boolean worthIt = before.size() > candidates.stream().flatMap(m -> m.entities().keySet().stream())
                .distinct().count();
        String compactionId = null;
        List<String> after = List.of();
        if (worthIt && !dryRun) {
            CuratedManifest compaction = compact(files, candidates);
            compactionId = compaction.transformRunId();
            after = entityFiles(compaction).toList();
        }
        Instant cutoff = Instant.now().minus(grace);
        Sweep sweep = sweep(files, cutoff, grace, dryRun);
        return new Report(compactionId, worthIt ? candidates.stream().map(CuratedManifest::transformRunId).toList()
                : List.of(), before.size(), bytesBefore, after.size(),
                after.stream().mapToLong(f -> size(files.local(f))).sum(), notLoaded, sweep.removed, sweep.bytes,
                sweep.kept, sweep.keptUntil, null);
    }

    private CuratedManifest compact(CuratedFiles files, List<CuratedManifest> candidates) {
        Instant now = Instant.now();
        String id = RunIds.next(now, KIND);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<String, List<CuratedManifest.EntityFiles>> byEntity = new LinkedHashMap<>();
        for (CuratedManifest m : candidates) {
            m.entities().forEach((entity, f) -> byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(f));
        }
        Map<String, CuratedManifest.EntityFiles> entities = new LinkedHashMap<>();
        try (Handle h = openDuckDb()) {
            for (Map.Entry<String, List<CuratedManifest.EntityFiles>> e : byEntity.entrySet()) {
                entities.put(e.getKey(), rewrite(h, files, e.getKey(), e.getValue(), id, today));
            }
        }
        TreeSet<String> consumed = new TreeSet<>();
        candidates.forEach(m -> consumed.addAll(m.consumed()));
        List<String> replaced = candidates.stream().map(CuratedManifest::transformRunId).toList();
        CuratedManifest compaction = new CuratedManifest(id, Instant.now(), List.copyOf(consumed), entities, replaced);
        new CuratedManifests(lake).write(compaction);
        catalog.recordCompaction(id, replaced, compaction.committedAt());
        return compaction;
    }

    /** One entity's files of the candidates as one file, with the candidates' counts added up. */
    private CuratedManifest.EntityFiles rewrite(Handle h, CuratedFiles files, String entity,
                                                List<CuratedManifest.EntityFiles> parts, String id, LocalDate today) {
        List<String> inputs = parts.stream().flatMap(p -> p.files().stream()).toList();
        long records = parts.stream().mapToLong(CuratedManifest.EntityFiles::records).sum();
        List<String> output = inputs;
        long written = records;
        if (inputs.size() > 1) {
            org.apache.hadoop.fs.Path target = lake.curatedFile(entity, today, id + ".parquet");
            org.apache.hadoop.fs.Path inProgress = Lake.inProgress(target);
            Path local = files.local(lake.relative(inProgress));
            try {
                Files.createDirectories(local.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + local.getParent() + ": " + e.getMessage(), e);
            }
            WarehouseLoader.setFiles(h, "compact", inputs.stream().map(f -> files.local(f).toString()).toList());
            LoadEntity loaded = LoadEntity.ofCurated(entity);
            String key = parts.get(0).key();
            String keepLatest = loaded == null || loaded.readsEveryVersion() ? "" : WarehouseLoader.keepLatest(key);
            SqlScript.load("lake/compact.sql").run(h, Map.of("keep_latest", keepLatest), Map.of("target", local.toString()));
            written = h.createQuery(SqlFiles.text("lake/count_rows.sql")).bind("file", local.toString()).mapTo(Long.class).one();
            lake.commit(inProgress, target);
            output = List.of(lake.relative(target));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> quarantineFiles = new ArrayList<>();
        for (CuratedManifest.EntityFiles p : parts) {
            p.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
            quarantineFiles.addAll(p.quarantineFiles());
        }
        return new CuratedManifest.EntityFiles(parts.get(0).key(), output, written,
                parts.stream().mapToLong(CuratedManifest.EntityFiles::read).sum(),
                parts.stream().mapToLong(CuratedManifest.EntityFiles::superseded).sum() + records - written,
                parts.stream().mapToLong(CuratedManifest.EntityFiles::quarantined).sum(), quarantineFiles, counts);
    }

    /** A scratch in-memory DuckDB with the warehouse's memory and threads, spilling next to the warehouse. */
    private Handle openDuckDb() {
        return Warehouse.scratch(duckdb, warehouse.path().toAbsolutePath().resolveSibling(".compaction.tmp")).open();
    }

    private record Sweep(List<String> removed, long bytes, int kept, Instant keptUntil) {}

    /**
     * Removes replaced manifests whose compaction committed before {@code cutoff}, compactions that
     * never committed (written before {@code cutoff}), and compaction outputs no manifest lists (a crash
     * between the rename and the manifest): files first, then manifests, so a crash in between leaves a
     * manifest to finish from.
     */
    private Sweep sweep(CuratedFiles files, Instant cutoff, Duration grace, boolean dryRun) {
        CuratedCatalog.Snapshot snapshot = catalog.snapshot();
        List<CuratedManifest> removable = new ArrayList<>();
        int kept = 0;
        Instant keptUntil = null;
        for (CuratedManifest m : snapshot.replaced()) {
            CuratedCatalog.Compaction by = snapshot.replacedBy(m.transformRunId());
            if (by.committedAt().isBefore(cutoff)) {
                removable.add(m);
            } else {
                kept++;
                Instant until = by.committedAt().plus(grace);
                keptUntil = keptUntil == null || until.isAfter(keptUntil) ? until : keptUntil;
            }
        }
        for (CuratedManifest m : snapshot.uncommitted()) {
            if (m.isCompaction() && m.committedAt().isBefore(cutoff)) {
                removable.add(m);
            }
        }
        Set<String> removableIds = new HashSet<>();
        removable.forEach(m -> removableIds.add(m.transformRunId()));
        Set<String> listed = new HashSet<>();
        Stream.of(snapshot.trusted(), snapshot.replaced(), snapshot.uncommitted()).flatMap(List::stream)
                .filter(m -> !removableIds.contains(m.transformRunId())).flatMap(CuratedCompaction::entityFiles)
                .forEach(listed::add);
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        Set<String> listedByRemovable = new HashSet<>();
        for (CuratedManifest m : removable) {
            for (String f : entityFiles(m).toList()) {
                listedByRemovable.add(f);
                if (!listed.contains(f)) {
                    bytes += delete(files.local(f), dryRun, removed, f);
                }
            }
            String manifest = lake.relative(lake.curatedManifest(m.transformRunId()));
            bytes += delete(files.local(manifest), dryRun, removed, manifest);
        }
        for (String orphan : orphanCompactedFiles(files, cutoff)) {
            if (!listed.contains(orphan) && !listedByRemovable.contains(orphan)) {
                bytes += delete(files.local(orphan), dryRun, removed, orphan);
            }
        }
        return new Sweep(removed, bytes, kept, keptUntil);
    }

    /** Compaction outputs ({@code <id>.parquet}) last written before {@code cutoff}, lake-relative. */
    private List<String> orphanCompactedFiles(CuratedFiles files, Instant cutoff) {
        Path curated = files.local("curated");
        if (!Files.isDirectory(curated)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(curated)) {
            return walk.filter(p -> COMPACTED_FILE.matcher(p.getFileName().toString()).matches())
                    .filter(p -> modifiedBefore(p, cutoff))
                    .map(files::relative)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + curated + ": " + e.getMessage(), e);
        }
    }

    private static boolean modifiedBefore(Path p, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static long delete(Path file, boolean dryRun, List<String> removed, String name) {
        long size = size(file);
        if (!Files.exists(file)) {
            return 0;
        }
        removed.add(name);
        if (!dryRun) {
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
            }
        }
        return size;
    }

    private static Stream<String> entityFiles(CuratedManifest m) {
        return m.entities().values().stream().flatMap(e -> e.files().stream());
    }

    private static long bytes(CuratedFiles files, CuratedManifest m) {
        return entityFiles(m).mapToLong(f -> size(files.local(f))).sum();
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
