package io.sendtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.cli.SamplesGenerateCommand;

/** {@code sendtime samples ...}: sample datasets. */
@Command(name = "samples", mixinStandardHelpOptions = true, description = "Sample datasets.",
        subcommands = {SamplesGenerateCommand.class})
public class SamplesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
