package io.sendtime.lake;

import java.util.Comparator;
import java.util.List;

/** Reads and atomically writes {@link CuratedManifest}s. */
public final class CuratedManifests {

    private final Lake lake;

    public CuratedManifests(Lake lake) {
        this.lake = lake;
    }

    /** Writes (or, on a restart, rewrites with the same content) the manifest of a transform run. */
    public void write(CuratedManifest manifest) {
        JsonFiles.writeAtomically(lake, lake.curatedManifest(manifest.transformRunId()), manifest);
    }

    /** Every committed curated manifest, oldest first. */
    public List<CuratedManifest> all() {
        List<CuratedManifest> out = JsonFiles.readAll(lake, lake.curatedManifestDir(), CuratedManifest.class);
        out.sort(Comparator.comparing(CuratedManifest::committedAt).thenComparing(CuratedManifest::transformRunId));
        return out;
    }
}
