package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.util.unit.DataSize;

import io.sendtime.lake.Housekeeping;
import io.sendtime.lake.Lake;
import io.sendtime.load.CuratedCompaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sendtime lake housekeep}: compact the curated zone, clean up after crashed runs. */
@Command(name = "lake", mixinStandardHelpOptions = true, description = "Lake maintenance.",
        subcommands = {LakeCommand.Housekeep.class, LakeCommand.Verify.class})
public class LakeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the raw zone: every file a manifest lists is there, and no record was written twice.",
                    "Per source entity: files, records, and versions (id, source cursor) written more than once.",
                    "Exit 1 when a file is missing or a version is duplicated. Read-only."})
    static class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<io.sendtime.lake.RawVerify.Entity> entities = new io.sendtime.lake.RawVerify(
                    SendtimeCommand.root(spec).services().read(Lake.class)).run();
            boolean ok = true;
            for (var e : entities) {
                out.printf("raw %-9s %-18s %,6d files %,9d records  %d missing  %d duplicates%n", e.source(), e.entity(),
                        e.files(), e.records(), e.missing(), e.duplicates());
                ok &= e.missing() == 0 && e.duplicates() == 0;
            }
            out.flush();
            if (!ok) {
                spec.commandLine().getErr().println("sendtime: the raw lake has missing files or duplicated records");
                return ExitCodes.JOB_FAILED;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "housekeep", mixinStandardHelpOptions = true,
            description = {"Compact the curated zone and remove what crashed runs left behind.",
                    "The curated manifests the warehouse holds that are smaller than --compact-below become one",
                    "manifest with one file per entity; the ones it replaced are removed once --older-than has passed",
                    "(loads reading them finish first). Remove in-progress files left by",
                    "crashed runs and export renders no _current.json points at (both older than --older-than, so",
                    "running jobs keep theirs); report file counts. Files a committed manifest lists are never removed."})
    static class Housekeep implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--older-than", defaultValue = "1h", paramLabel = "DURATION",
                description = "Grace period (default ${DEFAULT-VALUE}).")
        String olderThan;

        @Option(names = "--compact-below", defaultValue = "128MB", paramLabel = "SIZE",
                description = "Compact curated manifests whose files add up to less than this (default"
                        + " ${DEFAULT-VALUE}; 0 turns compaction off).")
        String compactBelow;

        @Option(names = "--dry-run", description = "Only say what would be compacted and removed.")
        boolean dryRun;

        @Override
        public Integer call() {
            Duration grace = Durations.parse("--older-than", olderThan);
            long below = size("--compact-below", compactBelow);
            Services services = SendtimeCommand.root(spec).services();
            PrintWriter out = spec.commandLine().getOut();
            printCompaction(out, services.get(CuratedCompaction.class).run(grace, below, dryRun));
            Lake lake = services.get(Lake.class);
            Housekeeping.Report report = new Housekeeping(lake).run(grace, dryRun);
            report.removed().forEach(f -> out.println((dryRun ? "would remove " : "removed ") + f));
            out.printf("lake housekeeping: %d leftover(s) %s (%,d bytes); %,d files, %,d bytes in the lake, %,d Parquet"
                            + " files under 1 MB%n", report.removed().size(), dryRun ? "found" : "removed",
                    report.bytesRemoved(), report.files(), report.bytes(), report.smallFiles());
            out.flush();
            return ExitCodes.OK;
        }

        private void printCompaction(PrintWriter out, CuratedCompaction.Report r) {
            if (r.skipped() != null) {
                out.println("compaction skipped: " + r.skipped());
                return;
            }
            r.removed().forEach(f -> out.println((dryRun ? "would remove " : "removed ") + f));
            if (r.compacted().isEmpty()) {
                out.println("curated compaction: nothing to compact");
            } else if (r.compactionId() == null) {
                out.printf("curated compaction: would compact %d manifests (%,d files, %,d bytes)%n",
                        r.compacted().size(), r.filesBefore(), r.bytesBefore());
            } else {
                out.printf("curated compaction: %d manifests (%,d files, %,d bytes) compacted into %s (%,d files, %,d"
                                + " bytes)%n", r.compacted().size(), r.filesBefore(), r.bytesBefore(), r.compactionId(),
                        r.filesAfter(), r.bytesAfter());
            }
            if (r.notLoaded() > 0) {
                out.printf("curated compaction: %d manifest(s) not in the warehouse yet, compacted after a load%n",
                        r.notLoaded());
            }
            if (r.replacedKept() > 0) {
                out.printf("curated compaction: %d replaced manifest(s) kept until %s (--older-than), then removed%n",
                        r.replacedKept(), r.keptUntil().truncatedTo(ChronoUnit.SECONDS));
            }
        }

        private static long size(String option, String value) {
            try {
                long bytes = DataSize.parse(value.strip().toUpperCase(Locale.ROOT)).toBytes();
                if (bytes < 0) {
                    throw new IllegalArgumentException();
                }
                return bytes;
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.ConfigurationError(option + ": not a size: " + value + " (try 128MB or 1GB)", e);
            }
        }
    }
}
