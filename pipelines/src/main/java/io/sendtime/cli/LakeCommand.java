package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.sendtime.lake.Housekeeping;
import io.sendtime.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sendtime lake housekeep}: clean up after crashed runs. */
@Command(name = "lake", mixinStandardHelpOptions = true, description = "Lake maintenance.",
        subcommands = {LakeCommand.Housekeep.class})
public class LakeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "housekeep", mixinStandardHelpOptions = true,
            description = {"Remove in-progress files left by crashed runs and export renders no _current.json points at",
                    "(both older than --older-than, so running jobs keep theirs); report file counts. Committed files",
                    "listed by manifests are never touched."})
    static class Housekeep implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--older-than", defaultValue = "1h", paramLabel = "DURATION",
                description = "Grace period (default ${DEFAULT-VALUE}).")
        String olderThan;

        @Option(names = "--dry-run", description = "Only say what would be removed.")
        boolean dryRun;

        @Override
        public Integer call() {
            Duration grace = Durations.parse("--older-than", olderThan);
            Lake lake = SendtimeCommand.root(spec).services().get(Lake.class);
            Housekeeping.Report report = new Housekeeping(lake).run(grace, dryRun);
            PrintWriter out = spec.commandLine().getOut();
            report.removed().forEach(f -> out.println((dryRun ? "would remove " : "removed ") + f));
            out.printf("lake housekeeping: %d leftover(s) %s (%,d bytes); %,d files, %,d bytes in the lake, %,d Parquet"
                            + " files under 1 MB%n", report.removed().size(), dryRun ? "found" : "removed",
                    report.bytesRemoved(), report.files(), report.bytes(), report.smallFiles());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
