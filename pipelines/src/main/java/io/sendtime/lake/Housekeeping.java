package io.sendtime.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lake housekeeping (the weekly DAG): removes the in-progress files that crashed runs left behind
 * (hidden {@code .*.inprogress} names, older than a grace period so running jobs keep theirs) and
 * export renders no {@code _current.json} points at; reports the zones' file counts and sizes.
 * Committed files listed by manifests are never touched.
 */
public final class Housekeeping {

    /** What one pass found and did. */
    public record Report(List<String> removed, long bytesRemoved, long files, long bytes, long smallFiles) {}

    /** Files under this size count as small in the report. */
    static final long SMALL = 1 << 20;

    private final Lake lake;

    public Housekeeping(Lake lake) {
        this.lake = lake;
    }

    public Report run(Duration olderThan, boolean dryRun) {
        FileSystem fs = lake.fileSystem();
        Instant cutoff = Instant.now().minus(olderThan);
        List<String> removed = new ArrayList<>();
        long bytesRemoved = 0;
        long files = 0;
        long bytes = 0;
        long small = 0;
        try {
            Path root = new Path(lake.root());
            if (!fs.exists(root)) {
                return new Report(List.of(), 0, 0, 0, 0);
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            List<FileStatus> stale = new ArrayList<>();
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                String name = f.getPath().getName();
                if (name.startsWith(".") && name.endsWith(".inprogress")
                        && Instant.ofEpochMilli(f.getModificationTime()).isBefore(cutoff)) {
                    stale.add(f);
                    continue;
                }
                files++;
                bytes += f.getLen();
                if (name.endsWith(".parquet") && f.getLen() < SMALL) {
                    small++;
                }
            }
            for (FileStatus f : stale) {
                removed.add(lake.relative(f.getPath()));
                bytesRemoved += f.getLen();
                if (!dryRun) {
                    fs.delete(f.getPath(), false);
                }
            }
            Path exports = lake.path("exports");
            if (fs.exists(exports)) {
                for (FileStatus campaign : fs.listStatus(exports)) {
                    for (FileStatus send : fs.isDirectory(campaign.getPath()) ? fs.listStatus(campaign.getPath()) : new FileStatus[0]) {
                        bytesRemoved += unreferencedRenders(fs, send.getPath(), cutoff, dryRun, removed);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lake housekeeping failed: " + e.getMessage(), e);
        }
        return new Report(removed, bytesRemoved, files, bytes, small);
    }

    private long unreferencedRenders(FileSystem fs, Path send, Instant cutoff, boolean dryRun, List<String> removed)
            throws IOException {
        Path pointer = new Path(send, "_current.json");
        if (!fs.isDirectory(send) || !fs.exists(pointer)) {
            return 0;
        }
        String current;
        try (var in = fs.open(pointer)) {
            current = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        long bytes = 0;
        for (FileStatus render : fs.listStatus(send)) {
            String name = render.getPath().getName();
            if (render.isDirectory() && !current.contains("\"" + name + "\"")
                    && Instant.ofEpochMilli(render.getModificationTime()).isBefore(cutoff)) {
                bytes += fs.getContentSummary(render.getPath()).getLength();
                removed.add(lake.relative(render.getPath()) + "/");
                if (!dryRun) {
                    fs.delete(render.getPath(), true);
                }
            }
        }
        return bytes;
    }
}
