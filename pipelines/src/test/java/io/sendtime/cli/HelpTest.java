package io.sendtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Usage help is part of the interface: every command's --help prints cleanly, and parents list whole sentences. */
class HelpTest {

    @Test
    void everyCommandsHelpPrintsWithoutWarnings() {
        for (List<String> path : commandPaths(Main.commandLine(new SendtimeCommand()), new ArrayList<>())) {
            // given picocli's own warnings, which go to System.err
            PrintStream systemErr = System.err;
            ByteArrayOutputStream warnings = new ByteArrayOutputStream();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            int exit;
            try {
                System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
                exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
            } finally {
                System.setErr(systemErr);
            }

            assertThat(exit).as(String.join(" ", args)).isZero();
            assertThat(err.toString()).as(String.join(" ", args)).isEmpty();
            assertThat(warnings.toString(StandardCharsets.UTF_8)).as(String.join(" ", args) + " (picocli warnings)").isEmpty();
            assertThat(out.toString()).as(String.join(" ", args)).startsWith("Usage: sendtime");
        }
    }

    @Test
    void parentHelpShowsEachSubcommandsFirstLineAsAWholeSentence() {
        for (List<String> path : commandPaths(Main.commandLine(new SendtimeCommand()), new ArrayList<>())) {
            CommandLine command = Main.commandLine(new SendtimeCommand());
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(String.join(" ", path)).isNotEmpty();
            assertThat(description[0].strip()).as(String.join(" ", path) + ": the line its parent's help shows")
                    .endsWith(".");
        }
    }

    private static List<List<String>> commandPaths(CommandLine command, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.copyOf(prefix));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                paths.addAll(commandPaths(sub, path));
            }
        });
        return paths;
    }
}
