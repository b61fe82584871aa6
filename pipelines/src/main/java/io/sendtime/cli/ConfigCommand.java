package io.sendtime.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.config.EffectiveConfig;

/** {@code sendtime config show}: the effective configuration, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show the effective configuration.",
        subcommands = {ConfigCommand.Show.class})
public class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print every setting after defaults, --config and the environment are applied.",
                    "Secrets are masked; settings that name an environment variable say whether it is set."})
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SendtimeCommand.root(spec).services().read(EffectiveConfig.class).entries()
                    .forEach((k, v) -> out.println(k + " = " + v));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
