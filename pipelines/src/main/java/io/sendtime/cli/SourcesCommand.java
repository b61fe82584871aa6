package io.sendtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.cli.SourcesServeCommand;

/** {@code sendtime sources ...}: the sample source APIs. */
@Command(name = "sources", mixinStandardHelpOptions = true, description = "Sample source APIs.",
        subcommands = {SourcesServeCommand.class})
public class SourcesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
