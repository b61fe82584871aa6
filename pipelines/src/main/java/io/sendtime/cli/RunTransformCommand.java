package io.sendtime.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.transform.TransformService;
import io.sendtime.transform.TransformSummary;

/** {@code sendtime run transform}: curates every committed extract run not yet curated. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = {"Curate the raw lake into the curated lake: validate, normalize, deduplicate, resolve identity.",
                "Reads exactly the extract runs whose manifests are committed and that no transform consumed yet;"
                        + " an unfinished earlier transform is resumed first. With nothing new it says so and exits 0."})
public class RunTransformCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        TransformSummary summary = SendtimeCommand.root(spec).services().get(TransformService.class).run();
        TransformSummaryPrinter.print(summary, spec.commandLine().getOut());
        if (!summary.succeeded()) {
            spec.commandLine().getErr().println("sendtime: " + summary.failure());
            return ExitCodes.JOB_FAILED;
        }
        return ExitCodes.OK;
    }
}
