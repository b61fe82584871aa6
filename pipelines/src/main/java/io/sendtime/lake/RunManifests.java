package io.sendtime.lake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.hadoop.fs.Path;

/** Reads and atomically writes {@link RunManifest}s of the raw zone. */
public final class RunManifests {

    private final Lake lake;

    public RunManifests(Lake lake) {
        this.lake = lake;
    }

    public void write(RunManifest manifest) {
        JsonFiles.writeAtomically(lake, lake.rawManifest(manifest.source(), manifest.runId()), manifest);
    }

    public RunManifest read(Path path) {
        return JsonFiles.read(lake, path, RunManifest.class);
    }

    /** Every committed manifest of a source, oldest run first. */
    public List<RunManifest> all(String source) {
        return all(source, runId -> true);
    }

    /**
     * The committed manifests of a source whose run ids pass {@code runIds}, oldest run first. The ids are read from
     * the file names, so a manifest left out is not even read: a source that commits a run every minute or so
     * ({@code sendtime serve}) has many, of which few are new.
     */
    public List<RunManifest> all(String source, Predicate<String> runIds) {
        List<RunManifest> out = JsonFiles.readAll(lake, lake.rawManifestDir(source),
                name -> runIds.test(name.substring(0, name.length() - ".json".length())), RunManifest.class);
        out.sort(Comparator.comparing(RunManifest::committedAt).thenComparing(RunManifest::runId));
        return out;
    }

    /** One entity's window of one extract run: the source cursor it read, {@code [from, to)}. */
    public record Window(String source, String entity, String runId, Instant from, Instant to) {}

    /**
     * The windows of the extract runs named {@code <source>:<runId>} (as curated manifests list what they
     * consumed); a run whose manifest is gone has none, and so has a run {@code sendtime serve} committed: it
     * received what it holds, its minutes say nothing of what a source holds (freshness and the consent refresh go
     * by the extracts' windows).
     */
    public List<Window> windows(Collection<String> consumed) {
        Map<String, Set<String>> bySource = new HashMap<>();
        for (String id : consumed) {
            int colon = id.indexOf(':');
            if (colon > 0) {
                bySource.computeIfAbsent(id.substring(0, colon), s -> new HashSet<>()).add(id.substring(colon + 1));
            }
        }
        List<Window> out = new ArrayList<>();
        bySource.forEach((source, runIds) -> {
            for (RunManifest run : all(source, runIds::contains)) {
                if (run.isIngest()) {
                    continue;
                }
                run.entities().forEach((entity, files) -> {
                    if (files.from() != null && files.to() != null) {
                        out.add(new Window(source, entity, run.runId(), files.from(), files.to()));
                    }
                });
            }
        });
        return out;
    }
}
