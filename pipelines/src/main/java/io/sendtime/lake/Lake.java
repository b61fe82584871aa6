package io.sendtime.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The data lake: a root on any Hadoop FileSystem ({@code file://}, {@code s3a://}, {@code hdfs://}, ...)
 * and the paths of its zones. Writers create files under an in-progress name and {@link #commit} them
 * by rename; readers trust run manifests, never directory listings alone.
 */
public final class Lake {

    private final URI root;
    private final Configuration hadoop;
    private final FileSystem fs;

    public Lake(URI root, Map<String, String> hadoopSettings) {
        this.root = root;
        this.hadoop = new Configuration();
        // a local lake skips Hadoop's .crc side files (they only clutter it for other readers), and sets permissions
        // without starting a chmod process per file (LocalLakeFileSystem)
        hadoop.set("fs.file.impl", LocalLakeFileSystem.class.getName());
        hadoop.setBoolean("fs.file.impl.disable.cache", true);
        hadoopSettings.forEach(hadoop::set);
        try {
            this.fs = FileSystem.newInstance(root, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lake at " + root + ": " + e.getMessage(), e);
        }
    }

    public URI root() {
        return root;
    }

    public Configuration hadoopConfiguration() {
        return hadoop;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path path(String relative) {
        return new Path(new Path(root), relative);
    }

    /** {@code raw/<source>/<entity>/ingest_date=YYYY-MM-DD/<file>} */
    public Path rawFile(String source, String entity, LocalDate ingestDate, String fileName) {
        return path("raw/" + source + "/" + entity + "/ingest_date=" + ingestDate + "/" + fileName);
    }

    /** {@code quarantine/<stage>/<source>/<entity>/ingest_date=YYYY-MM-DD/<file>} */
    public Path quarantineFile(String stage, String source, String entity, LocalDate ingestDate, String fileName) {
        return path("quarantine/" + stage + "/" + source + "/" + entity + "/ingest_date=" + ingestDate + "/" + fileName);
    }

    /** {@code raw/_manifests/<source>/<runId>.json}: the list of files a run committed. */
    public Path rawManifest(String source, String runId) {
        return path("raw/_manifests/" + source + "/" + runId + ".json");
    }

    public Path rawManifestDir(String source) {
        return path("raw/_manifests/" + source);
    }

    /** {@code curated/<entity>/transform_date=YYYY-MM-DD/<file>} */
    public Path curatedFile(String entity, LocalDate transformDate, String fileName) {
        return path("curated/" + entity + "/transform_date=" + transformDate + "/" + fileName);
    }

    /** {@code curated/_manifests/<transformRunId>.json}: what one transform run committed. */
    public Path curatedManifest(String transformRunId) {
        return path("curated/_manifests/" + transformRunId + ".json");
    }

    public Path curatedManifestDir() {
        return path("curated/_manifests");
    }

    /** Whether the lake is on the local file system (DuckDB reads and writes it there). */
    public boolean isLocal() {
        return root.getScheme() == null || "file".equals(root.getScheme());
    }

    /**
     * The lake root on the local file system, for DuckDB, which reads and writes files itself.
     *
     * @throws IllegalStateException when the lake is on another file system
     */
    public java.nio.file.Path localRoot() {
        if (!isLocal()) {
            throw new IllegalStateException("this needs a local lake (file:), not " + root.getScheme()
                    + ": set sendtime.lake.uri to a local directory");
        }
        return java.nio.file.Path.of(root.getScheme() == null ? URI.create("file://" + root.getPath()) : root);
    }

    /** A lake-relative path on the local file system ({@link #localRoot}). */
    public java.nio.file.Path localPath(String relative) {
        return localRoot().resolve(relative).normalize();
    }

    /** {@code relative} of a path inside the lake, as manifests list it. */
    public String relative(Path path) {
        return new Path(root).toUri().relativize(path.toUri()).getPath();
    }

    /** The name a file is written under before it is committed (hidden from globs such as *.parquet). */
    public static Path inProgress(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".inprogress");
    }

    /**
     * Atomically publishes {@code written} as {@code target}. A target left by an earlier attempt of the
     * same run (a restart after a crash between rename and checkpoint) is replaced: names are
     * deterministic per run and chunk, so the content is the same.
     */
    public void commit(Path written, Path target) {
        try {
            fs.mkdirs(target.getParent());
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(written, target)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + target + ": " + e.getMessage(), e);
        }
    }

    public boolean exists(Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
