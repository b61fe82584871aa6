package io.sendtime.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Reads and atomically writes {@link CuratedManifest}s. */
public final class CuratedManifests {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Lake lake;

    public CuratedManifests(Lake lake) {
        this.lake = lake;
    }

    /** Writes (or, on a restart, rewrites with the same content) the manifest of a transform run. */
    public void write(CuratedManifest manifest) {
        Path target = lake.curatedManifest(manifest.transformRunId());
        Path inProgress = Lake.inProgress(target);
        try (OutputStream out = lake.fileSystem().create(inProgress, true)) {
            JSON.writeValue(out, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifest " + target + ": " + e.getMessage(), e);
        }
        lake.commit(inProgress, target);
    }

    /** Every committed curated manifest, oldest first. */
    public List<CuratedManifest> all() {
        Path dir = lake.curatedManifestDir();
        List<CuratedManifest> out = new ArrayList<>();
        try {
            if (!lake.fileSystem().exists(dir)) {
                return out;
            }
            for (FileStatus status : lake.fileSystem().listStatus(dir, p -> p.getName().endsWith(".json")
                    && !p.getName().startsWith("."))) {
                try (InputStream in = lake.fileSystem().open(status.getPath())) {
                    out.add(JSON.readValue(in, CuratedManifest.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifests in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(CuratedManifest::committedAt).thenComparing(CuratedManifest::transformRunId));
        return out;
    }
}
