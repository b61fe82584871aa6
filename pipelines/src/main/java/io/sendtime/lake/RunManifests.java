package io.sendtime.lake;

import java.util.Comparator;
import java.util.List;

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
}
