package io.sendtime.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --config FILE}, mixed into every command that starts the application. */
public class ConfigOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE|DIR",
            description = {"YAML file overriding the defaults (same keys as application.yaml), or a configuration",
                    "directory: its *.yaml files, its schemas/raw/<source>/<entity>.avsc and taxonomy/categories.yaml",
                    "(read before the jar's). Also SENDTIME_CONFIG."})
    void setConfig(Path file) {
        SendtimeCommand.root(mixee).services().configFile(file);
    }
}
