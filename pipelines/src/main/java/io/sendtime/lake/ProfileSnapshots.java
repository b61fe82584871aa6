package io.sendtime.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The profiles the load publishes for {@code sendtime serve}, {@code serving/profiles/}: a chain of Parquet files,
 * a base (every current profile) then deltas (the profiles that changed since, and deletion markers), named by
 * {@code _current.json}. Each file has the columns {@code customer_key, email_sha256, load_id, deleted, row_hash,
 * monetary_decile, profile, context} (files written before 2026-12 lack monetary_decile); reading the chain in order, the last row of a key wins, and a deleted one removes it. The
 * pointer is written last, under an in-progress name committed by rename: a load that crashes before it leaves the
 * previous complete chain current. Files neither the new pointer nor the one it replaces names are then removed.
 */
public final class ProfileSnapshots {

    /** The pointer file. */
    public static final String CURRENT = "_current.json";
    /** The folder, relative to the lake. */
    public static final String DIR = "serving/profiles";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of the chain and how many rows it holds. */
    public record Part(String file, long rows) {}

    /**
     * What {@code _current.json} says: the load that published it, its as_of, how many profiles the chain holds, the
     * base and the deltas in the order they apply (files relative to the folder).
     */
    public record Pointer(@JsonProperty("load_id") long loadId, @JsonProperty("as_of") String asOf, long profiles,
                          Part base, List<Part> deltas) {

        /** The files, base first. */
        public List<String> files() {
            List<String> files = new ArrayList<>();
            files.add(base.file());
            deltas.forEach(d -> files.add(d.file()));
            return files;
        }

        /** The rows the deltas hold together. */
        public long deltaRows() {
            return deltas.stream().mapToLong(Part::rows).sum();
        }
    }

    private final Lake lake;

    public ProfileSnapshots(Lake lake) {
        this.lake = lake;
    }

    /** The folder as a local directory (DuckDB writes and reads the files). */
    public java.nio.file.Path localDir() {
        return lake.localPath(DIR);
    }

    /** A file of the chain as a local path. */
    public java.nio.file.Path localFile(String file) {
        return lake.localPath(DIR + "/" + file);
    }

    /** The folder in the lake. */
    public Path dir() {
        return lake.path(DIR);
    }

    /** The current pointer, or null when nothing was published yet. */
    public Pointer current() {
        Path pointer = new Path(dir(), CURRENT);
        try {
            if (!lake.fileSystem().exists(pointer)) {
                return null;
            }
            try (InputStream in = lake.fileSystem().open(pointer)) {
                return JSON.readValue(in.readAllBytes(), Pointer.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code next} current (committed by rename), then removes the files that neither it nor {@code previous}
     * (the pointer it replaces, whose files a server may still be reading) names.
     */
    public void publish(Pointer next, Pointer previous) {
        writePointer(next);
        Set<String> keep = new HashSet<>(next.files());
        if (previous != null) {
            keep.addAll(previous.files());
        }
        keep.add(CURRENT);
        for (Path file : files()) {
            if (!keep.contains(file.getName())) {
                delete(file);
            }
        }
    }

    /** Writes the pointer under an in-progress name and commits it by rename. */
    public void writePointer(Pointer pointer) {
        Path target = new Path(dir(), CURRENT);
        Path inProgress = Lake.inProgress(target);
        try {
            lake.fileSystem().mkdirs(dir());
            try (OutputStream out = lake.fileSystem().create(inProgress, true)) {
                JSON.writeValue(out, pointer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        lake.commit(inProgress, target);
    }

    /** Every file in the folder but the pointer (chain files, leftovers, in-progress files). */
    public List<Path> files() {
        FileSystem fs = lake.fileSystem();
        List<Path> out = new ArrayList<>();
        try {
            if (!fs.exists(dir())) {
                return out;
            }
            for (FileStatus status : fs.listStatus(dir())) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.equals(CURRENT) && !name.startsWith(".")) {
                    out.add(status.getPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Deletes one file of the folder (and Hadoop's checksum beside it). */
    public void delete(Path file) {
        try {
            lake.fileSystem().delete(file, false);
            Path crc = new Path(file.getParent(), "." + file.getName() + ".crc");
            if (lake.fileSystem().exists(crc)) {
                lake.fileSystem().delete(crc, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
