package io.sendtime.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.extract.ExtractSummary;

/** {@code sendtime run extract}: extracts a source into the raw lake, incrementally by default. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Extract a source into the raw Parquet lake.",
                "Without --from/--to it reads from each entity's watermark (minus the lookback) up to now minus the"
                        + " safety lag. With --from/--to it extracts exactly that interval (Airflow's data interval):"
                        + " rerunning a completed interval does nothing, rerunning a failed one resumes it."})
public class RunExtractCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--source", required = true, description = "Configured source, e.g. crm or commerce.")
    String source;

    @Option(names = "--entity", split = ",", paramLabel = "ENTITY",
            description = "Only these entities (repeatable or comma-separated); default all of the source.")
    List<String> entities = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME",
            description = "Inclusive lower bound, ISO-8601 (e.g. 2026-11-22T10:00:00Z); needs --to.")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Exclusive upper bound, ISO-8601; default now minus the safety lag.")
    Instant to;

    @Option(names = "--full", description = "Re-extract everything up to --to (or now minus the safety lag).")
    boolean full;

    @Option(names = "--wait", defaultValue = "0s", paramLabel = "DURATION", description = "Wait this long for another"
            + " extract of the same entities to finish (a full refresh and an hourly run take turns) before refusing"
            + " (default ${DEFAULT-VALUE}: refuse at once).")
    String wait;

    @Override
    public Integer call() {
        Services services = SendtimeCommand.root(spec).services();
        ExtractService extract = services.get(ExtractService.class);
        ExtractRequest request = new ExtractRequest(source, entities, from, to, full, Durations.parse("--wait", wait));
        extract.plan(request);
        ExtractSummary summary;
        try (var progress = ProgressDisplay.forExtract(services, source)) {
            summary = extract.run(request);
        }
        return SummaryPrinter.report(summary, spec);
    }
}
