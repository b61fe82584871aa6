package io.sendtime.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import io.sendtime.load.LoadService;
import io.sendtime.load.LoadSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sendtime run load}: curated lake → DuckDB warehouse. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load the curated lake into the DuckDB warehouse, incrementally by default.",
                "Facts, consents, profiles with their history (SCD2), features and segments: only curated runs not",
                "loaded yet, and only the profiles they touch. One transaction: a failed load changes nothing; run it again."})
public class RunLoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--full-rebuild", description = "Recompute every table from the whole curated lake"
            + " (profile history is kept: changed profiles get a new version).")
    boolean fullRebuild;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Compute time-relative features and segments"
            + " at this instant (ISO-8601) instead of now; must be after the last load's.")
    String asOf;

    @Override
    public Integer call() {
        Instant at = null;
        if (asOf != null) {
            try {
                at = Instant.parse(asOf);
            } catch (DateTimeParseException e) {
                throw new ExitCodes.ConfigurationError("--as-of: not an ISO-8601 instant: " + asOf + " (e.g. 2026-11-22T10:00:00Z)", e);
            }
        }
        LoadSummary summary = SendtimeCommand.root(spec).services().get(LoadService.class).run(fullRebuild, at);
        LoadSummaryPrinter.print(summary, spec.commandLine().getOut());
        if (!summary.succeeded()) {
            spec.commandLine().getErr().println("sendtime: load failed: " + summary.failure());
            return ExitCodes.JOB_FAILED;
        }
        return ExitCodes.OK;
    }
}
