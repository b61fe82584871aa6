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
            ExportPublisher exports = new ExportPublisher(lake);
            for (Path send : exports.sends()) {
                bytesRemoved += unreferencedRenders(exports, send, cutoff, dryRun, removed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lake housekeeping failed: " + e.getMessage(), e);
        }
        return new Report(removed, bytesRemoved, files, bytes, small);
    }

    /** Renders of a send that its _current.json does not point at (a crash before the switch left them). */
    private long unreferencedRenders(ExportPublisher exports, Path send, Instant cutoff, boolean dryRun,
                                     List<String> removed) throws IOException {
        FileSystem fs = lake.fileSystem();
        ExportPublisher.Current current = exports.current(send);
        long bytes = 0;
        for (FileStatus render : fs.listStatus(send)) {
            if (render.isDirectory() && (current == null || !current.render().equals(render.getPath().getName()))
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
