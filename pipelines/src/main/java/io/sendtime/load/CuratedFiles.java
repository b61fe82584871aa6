package io.sendtime.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RunManifests;
import io.sendtime.warehouse.WarehouseException;

/**
 * The curated files a load reads, as local paths for DuckDB's {@code read_parquet}. DuckDB reads the
 * lake itself, so the load needs a lake on the local file system ({@code file:} URI); a missing file
 * listed by a manifest stops the load before anything is written.
 */
public final class CuratedFiles {

    private final Path root;
    private final RunManifests raw;

    public CuratedFiles(Lake lake) {
        if (!lake.isLocal()) {
            throw new WarehouseException("the load reads the curated lake with DuckDB and needs a local lake"
                    + " (file:), not " + lake.root().getScheme() + ": set sendtime.lake.uri to a local directory");
        }
        this.root = lake.localRoot();
        this.raw = new RunManifests(lake);
    }

    /** The extract windows whose data {@code manifests} consumed. */
    public List<RunManifests.Window> consumedWindows(List<CuratedManifest> manifests) {
        Set<String> consumed = new LinkedHashSet<>();
        manifests.forEach(m -> consumed.addAll(m.consumed() == null ? List.of() : m.consumed()));
        return raw.windows(consumed);
    }

    /** A lake-relative path as a local one. */
    Path local(String relative) {
        return root.resolve(relative).normalize();
    }

    /** A local path inside the lake as a lake-relative one. */
    String relative(Path local) {
        return root.relativize(local.toAbsolutePath().normalize()).toString();
    }

    /** The files of {@code entity} in {@code manifests}, in manifest order. */
    public List<String> localFiles(List<CuratedManifest> manifests, String entity) {
        List<String> files = new ArrayList<>();
        for (CuratedManifest manifest : manifests) {
            CuratedManifest.EntityFiles entityFiles = manifest.entities().get(entity);
            if (entityFiles == null) {
                continue;
            }
            for (String relative : entityFiles.files()) {
                Path file = local(relative);
                if (!Files.isRegularFile(file)) {
                    throw new WarehouseException("curated file " + relative + " listed by transform run "
                            + manifest.transformRunId() + " is missing from the lake; restore it or run"
                            + " ./sendtime run load --full-rebuild after re-curating");
                }
                files.add(file.toString());
            }
        }
        return files;
    }
}
