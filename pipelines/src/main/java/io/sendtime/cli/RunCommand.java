package io.sendtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sendtime run <job>}: runs one job. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one job.",
        subcommands = {RunExtractCommand.class, RunTransformCommand.class, RunLoadCommand.class,
                RunRenderCommand.class})
public class RunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
