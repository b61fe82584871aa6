package io.sendtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sendtime}: the root command. Subcommands do the work. */
@Command(name = "sendtime", mixinStandardHelpOptions = true, version = "sendtime 0.1.0",
        description = "Keeps every email recipient's personalization data fresh, correct and ready at send time.",
        subcommands = {DemoCommand.class, RunCommand.class, JobsCommand.class, ConfigCommand.class,
                SourcesCommand.class, SamplesCommand.class, BenchCommand.class, SqlCommand.class, InspectCommand.class,
                CheckCommand.class, TemplatesCommand.class, RenderCommand.class, LakeCommand.class, PrivacyCommand.class,
                ServeCommand.class},
        footer = {"", "Exit codes: 0 success, 1 a job failed, 2 usage or configuration error."})
public class SendtimeCommand implements Runnable {

    private final Services services = new Services();

    @Spec
    CommandSpec spec;

    public Services services() {
        return services;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The root command of any command in the tree. */
    static SendtimeCommand root(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (SendtimeCommand) s.userObject();
    }
}
