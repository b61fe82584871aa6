package io.sendtime.lake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        List<RunManifest> out = JsonFiles.readAll(lake, lake.rawManifestDir(source), RunManifest.class);
        out.sort(Comparator.comparing(RunManifest::committedAt).thenComparing(RunManifest::runId));
        return out;
    }

    /** One entity's window of one extract run: the source cursor it read, {@code [from, to)}. */
    public record Window(String source, String entity, String runId, Instant from, Instant to) {}

    /**
     * The windows of the extract runs named {@code <source>:<runId>} (as curated manifests list what they
     * consumed); a run whose manifest is gone has none.
     */
    public List<Window> windows(Collection<String> consumed) {
        Map<String, Map<String, RunManifest>> bySource = new HashMap<>();
        List<Window> out = new ArrayList<>();
        for (String id : consumed) {
            int colon = id.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String source = id.substring(0, colon);
            RunManifest run = bySource.computeIfAbsent(source, s -> {
                Map<String, RunManifest> runs = new HashMap<>();
                all(s).forEach(m -> runs.put(m.runId(), m));
                return runs;
            }).get(id.substring(colon + 1));
            if (run != null) {
                run.entities().forEach((entity, files) -> {
                    if (files.from() != null && files.to() != null) {
                        out.add(new Window(source, entity, run.runId(), files.from(), files.to()));
                    }
                });
            }
        }
        return out;
    }
}
