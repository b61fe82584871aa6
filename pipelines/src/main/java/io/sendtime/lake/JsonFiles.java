package io.sendtime.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Small JSON documents in the lake (manifests): written atomically, listed only when committed. */
final class JsonFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** Writes {@code value} under an in-progress name and commits it as {@code target}. */
    static void writeAtomically(Lake lake, Path target, Object value) {
        Path inProgress = Lake.inProgress(target);
        try (OutputStream out = lake.fileSystem().create(inProgress, true)) {
            JSON.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        lake.commit(inProgress, target);
    }

    /** Writes {@code value} to a local file (a directory a writer fills before it is published). */
    static void writeLocal(java.nio.file.Path target, Object value) {
        try {
            JSON.writeValue(target.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    static <T> T read(Lake lake, Path path, Class<T> type) {
        try (InputStream in = lake.fileSystem().open(path)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Every committed {@code *.json} in {@code dir} (in-progress files are hidden), unordered. */
    static <T> List<T> readAll(Lake lake, Path dir, Class<T> type) {
        return readAll(lake, dir, name -> true, type);
    }

    /** Like {@link #readAll(Lake, Path, Class)}, reading only the files whose names pass {@code names}. */
    static <T> List<T> readAll(Lake lake, Path dir, java.util.function.Predicate<String> names, Class<T> type) {
        List<T> out = new ArrayList<>();
        try {
            if (!lake.fileSystem().exists(dir)) {
                return out;
            }
            for (FileStatus status : lake.fileSystem().listStatus(dir,
                    p -> p.getName().endsWith(".json") && !p.getName().startsWith(".") && names.test(p.getName()))) {
                out.add(read(lake, status.getPath(), type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
