package io.sendtime.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * What the raw zone's committed manifests list, checked: every listed file is there, and no record version was
 * written twice ((id, source cursor) unique per entity across the runs, except that a read from the beginning
 * re-reads every version below its upper bound on purpose: replays, retries, overlapping windows and runs that
 * take their turn after a full refresh must not duplicate).
 * {@code lake verify}; the DAG tests check a failed and replayed interval with it.
 */
public final class RawVerify {

    /** One source entity: files listed, files missing, records, and versions written more than once. */
    public record Entity(String source, String entity, int files, int missing, long records, long duplicates) {}

    private final Lake lake;

    public RawVerify(Lake lake) {
        this.lake = lake;
    }

    public List<Entity> run() {
        Map<String, Counts> byEntity = new TreeMap<>();
        ParquetFiles parquet = new ParquetFiles(lake);
        for (String source : sources()) {
            for (RunManifest m : new RunManifests(lake).all(source)) { // in commit order
                m.entities().forEach((entity, ef) -> {
                    Counts c = byEntity.computeIfAbsent(source + "/" + entity, k -> new Counts());
                    if (ef.from() == null || !ef.from().isAfter(java.time.Instant.EPOCH)) {
                        // a read from the beginning re-reads on purpose every version below its upper bound; those
                        // at or above it that an earlier run committed (a run that went first) are still counted
                        long to = ef.to() == null ? Long.MAX_VALUE : RecordConverter.toMicros(ef.to());
                        c.versions.removeIf(v -> Long.parseLong(v.substring(v.lastIndexOf('|') + 1)) < to);
                    }
                    for (String file : ef.files()) {
                        c.files++;
                        Path path = lake.path(file);
                        if (!lake.exists(path)) {
                            c.missing++;
                            continue;
                        }
                        parquet.read(path, null, r -> {
                            c.records++;
                            if (!c.versions.add(r.get("id") + "|" + r.get(RawSchemas.SOURCE_UPDATED_AT))) {
                                c.duplicates++;
                            }
                        });
                    }
                });
            }
        }
        List<Entity> out = new ArrayList<>();
        byEntity.forEach((key, c) -> {
            String[] se = key.split("/", 2);
            out.add(new Entity(se[0], se[1], c.files, c.missing, c.records, c.duplicates));
        });
        return out;
    }

    private static final class Counts {
        final Set<String> versions = new HashSet<>();
        int files;
        int missing;
        long records;
        long duplicates;
    }

    private List<String> sources() {
        List<String> out = new ArrayList<>();
        try {
            Path dir = lake.path("raw/_manifests");
            if (lake.fileSystem().exists(dir)) {
                for (FileStatus s : lake.fileSystem().listStatus(dir)) {
                    if (s.isDirectory()) {
                        out.add(s.getPath().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the raw manifests: " + e.getMessage(), e);
        }
        return out;
    }
}
