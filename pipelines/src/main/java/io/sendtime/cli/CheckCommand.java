package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.sendtime.load.QualityChecks;
import io.sendtime.render.RenderQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sendtime check quality}: the data-quality gate after a load. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Data-quality checks.",
        subcommands = {CheckCommand.Quality.class})
public class CheckCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "quality", mixinStandardHelpOptions = true,
            description = {"Check the warehouse after a load; exit 1 when a check fails.",
                    "Freshness, row counts, snapshot invariants, the quarantine rate of the transform runs the",
                    "latest load took, and each campaign's latest render: its rejected share against the campaign's",
                    "max_rejection_rate and each token's fallbacks against its max_fallback_rate."})
    static class Quality implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--max-age", defaultValue = "2h", paramLabel = "DURATION",
                description = "How old the data may be: its completeness behind --at (default ${DEFAULT-VALUE}).")
        String maxAge;

        @Option(names = "--at", paramLabel = "TIME", description = "The time the data should be complete to, less"
                + " --max-age (default now; a scheduled run passes the end of its data interval, so a backfill of an"
                + " old interval checks that interval).")
        String at;

        @Option(names = "--max-quarantine-rate", defaultValue = "0.05", paramLabel = "FRACTION",
                description = "Largest acceptable share of quarantined records (default ${DEFAULT-VALUE}).")
        double maxQuarantineRate;

        @Override
        public Integer call() {
            Duration limit = Durations.parse("--max-age", maxAge);
            if (maxQuarantineRate < 0 || maxQuarantineRate > 1) {
                throw new ExitCodes.ConfigurationError("--max-quarantine-rate must be between 0 and 1", null);
            }
            java.time.Instant reference;
            try {
                reference = at == null ? java.time.Instant.now() : java.time.Instant.parse(at);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ExitCodes.ConfigurationError("--at: not an ISO-8601 instant: " + at
                        + " (e.g. 2026-11-22T10:00:00Z)", e);
            }
            PrintWriter out = spec.commandLine().getOut();
            QualityChecks checks = SendtimeCommand.root(spec).services().read(QualityChecks.class);
            RenderQuality renders = SendtimeCommand.root(spec).services().read(RenderQuality.class);
            return InspectWarehouseCommands.readOnly(spec, () -> {
                List<QualityChecks.Check> results = new java.util.ArrayList<>(checks.run(limit, maxQuarantineRate, reference));
                renders.run().forEach(r -> results.add(new QualityChecks.Check(r.name(), r.passed(), r.detail())));
                for (QualityChecks.Check c : results) {
                    out.printf("%-6s %-16s %s%n", c.passed() ? "ok" : "FAILED", c.name(), c.detail());
                }
                out.flush();
                List<String> failed = results.stream().filter(c -> !c.passed()).map(QualityChecks.Check::name).toList();
                if (!failed.isEmpty()) {
                    spec.commandLine().getErr().println("sendtime: quality check failed: " + String.join(", ", failed));
                    return ExitCodes.JOB_FAILED;
                }
                return ExitCodes.OK;
            });
        }
    }
}
