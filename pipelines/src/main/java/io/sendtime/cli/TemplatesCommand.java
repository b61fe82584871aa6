package io.sendtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.sendtime.render.CampaignCatalog;
import io.sendtime.render.CampaignValidator;
import io.sendtime.render.SampleRecipients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sendtime templates validate}: lint every campaign and render it against sample recipients. */
@Command(name = "templates", mixinStandardHelpOptions = true, description = "Campaign templates.",
        subcommands = {TemplatesCommand.Validate.class})
public class TemplatesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Lint every campaign and render it against the sample recipients.",
                    "Checks campaign.yaml, syntax, forbidden directives, undefined macros and unknown references, and",
                    "renders against templates/samples/recipients.json. Exit 2 with file:line: reason."})
    static class Validate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "The templates directory (default: sendtime.render.templates, i.e. $SENDTIME_TEMPLATES).")
        Path dir;

        @Override
        public Integer call() {
            Path root = dir != null ? dir
                    : SendtimeCommand.root(spec).services().read(io.sendtime.render.RenderSettings.class).templates();
            CampaignCatalog catalog = new CampaignCatalog(root);
            List<String> problems = new CampaignValidator(catalog).validate(SampleRecipients.read(root));
            PrintWriter out = spec.commandLine().getOut();
            if (problems.isEmpty()) {
                out.println("templates ok: " + String.join(", ", catalog.ids()) + " (" + root + ")");
                out.flush();
                return ExitCodes.OK;
            }
            problems.forEach(p -> spec.commandLine().getErr().println("sendtime: " + p));
            return ExitCodes.USAGE;
        }
    }
}
