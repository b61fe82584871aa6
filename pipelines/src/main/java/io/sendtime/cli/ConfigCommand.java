package io.sendtime.cli;

import io.sendtime.config.ConfigDirectory;
import io.sendtime.lake.RawSchemas;
import io.sendtime.source.SourceCatalog;
import io.sendtime.transform.TransformSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.config.EffectiveConfig;

/** {@code sendtime config show|validate}: the effective configuration, secrets masked; checks of it. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show or check the effective configuration.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Validate.class})
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

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check the configuration without running anything.",
                    "Every source's settings and request templates, a raw schema for each of its entities, the fields",
                    "those schemas read that a search does not ask for or a GraphQL query does not select, the",
                    "transform's inputs and the category taxonomy. Exit 2 with one line per problem, naming the key",
                    "or file to fix."})
    static class Validate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Override
        public Integer call() {
            Services services = SendtimeCommand.root(spec).services();
            Binder binder = Binder.get(services.read(Environment.class));
            TransformSettings transform = binder.bind("sendtime.transform", TransformSettings.class)
                    .orElseGet(() -> new TransformSettings(null, 0, null));
            String stockSource = binder.bind("sendtime.render.stock-source", String.class).orElse("commerce");
            var consent = binder.bind("sendtime.consent", io.sendtime.config.ConsentSettings.class)
                    .orElseGet(() -> new io.sendtime.config.ConsentSettings(null, null, null));
            ConfigProblems found = ConfigProblems.of(SourceCatalog.bind(binder), services.read(RawSchemas.class),
                    transform, stockSource, consent.refresh());
            try {
                binder.bind("sendtime.serve", io.sendtime.ingest.ServeSettings.class)
                        .ifBound(serve -> serve.esp().forEach(io.sendtime.ingest.EspMapping::new));
                binder.bind("sendtime.serve.api", io.sendtime.api.ApiSettings.class)
                        .ifBound(api -> found.problems().addAll(api.problems()));
            } catch (IllegalArgumentException e) {
                found.problems().add(e.getMessage());
            } catch (RuntimeException e) {
                found.problems().add("sendtime.serve: " + io.sendtime.config.ErrorMessages.message(
                        io.sendtime.config.ErrorMessages.rootCause(e)));
            }
            if (services.read(Environment.class) instanceof org.springframework.core.env.ConfigurableEnvironment env) {
                List<org.springframework.core.env.PropertySource<?>> sources = new java.util.ArrayList<>();
                env.getPropertySources().forEach(sources::add);
                io.sendtime.config.SourcePresets.unknown(sources).forEach((source, preset) -> found.problems().add(0,
                        "sendtime.sources." + source + ".preset: '" + preset + "' is no preset (presets: "
                                + String.join(", ", io.sendtime.config.SourcePresets.presets(sources)) + ")"));
            }
            if (!found.problems().isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                found.problems().forEach(p -> err.println("sendtime: " + p));
                err.flush();
                return ExitCodes.USAGE;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("configuration ok: sources " + String.join(", ", found.checked()) + "; raw schemas and "
                    + "taxonomy from " + ConfigDirectory.directory().map(d -> d + " and ")
                    .orElse("") + "the jar");
            out.flush();
            return ExitCodes.OK;
        }
    }
}
