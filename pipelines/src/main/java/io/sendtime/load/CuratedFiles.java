package io.sendtime.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sendtime.lake.CuratedManifest;
import io.sendtime.lake.Lake;
import io.sendtime.warehouse.WarehouseException;

/**
 * The curated files a load reads, as local paths for DuckDB's {@code read_parquet}. DuckDB reads the
 * lake itself, so the load needs a lake on the local file system ({@code file:} URI); a missing file
 * listed by a manifest stops the load before anything is written.
 */
final class CuratedFiles {

    private final Path root;

    CuratedFiles(Lake lake) {
        URI uri = lake.root();
        if (!isLocal(lake)) {
            throw new WarehouseException("the load reads the curated lake with DuckDB and needs a local lake"
                    + " (file:), not " + uri.getScheme() + ": set sendtime.lake.uri to a local directory");
        }
        this.root = Path.of(uri.getScheme() == null ? URI.create("file://" + uri.getPath()) : uri);
    }

    /** Whether the lake is on the local file system, where DuckDB reads it. */
    static boolean isLocal(Lake lake) {
        return lake.root().getScheme() == null || "file".equals(lake.root().getScheme());
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
    List<String> localFiles(List<CuratedManifest> manifests, String entity) {
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
