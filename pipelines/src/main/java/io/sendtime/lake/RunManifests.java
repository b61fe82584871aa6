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

/** Reads and atomically writes {@link RunManifest}s of the raw zone. */
public final class RunManifests {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Lake lake;

    public RunManifests(Lake lake) {
        this.lake = lake;
    }

    public void write(RunManifest manifest) {
        Path target = lake.rawManifest(manifest.source(), manifest.runId());
        Path inProgress = Lake.inProgress(target);
        try (OutputStream out = lake.fileSystem().create(inProgress, true)) {
            JSON.writeValue(out, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifest " + target + ": " + e.getMessage(), e);
        }
        lake.commit(inProgress, target);
    }

    public RunManifest read(Path path) {
        try (InputStream in = lake.fileSystem().open(path)) {
            return JSON.readValue(in, RunManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + path + ": " + e.getMessage(), e);
        }
    }

    /** Every committed manifest of a source, oldest run first. */
    public List<RunManifest> all(String source) {
        Path dir = lake.rawManifestDir(source);
        List<RunManifest> out = new ArrayList<>();
        try {
            if (!lake.fileSystem().exists(dir)) {
                return out;
            }
            for (FileStatus status : lake.fileSystem().listStatus(dir, p -> p.getName().endsWith(".json")
                    && !p.getName().startsWith("."))) {
                out.add(read(status.getPath()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list manifests in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(RunManifest::committedAt).thenComparing(RunManifest::runId));
        return out;
    }
}
