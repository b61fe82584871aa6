package io.sendtime.cli;

import picocli.CommandLine;

/** Entry point of {@code ./sendtime}: picocli parses first; Spring starts only for commands that need it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        SendtimeCommand root = new SendtimeCommand();
        try {
            return commandLine(root).execute(args);
        } finally {
            root.services().close();
        }
    }

    static CommandLine commandLine(SendtimeCommand root) {
        return new CommandLine(root)
                .setExecutionExceptionHandler(new ExitCodes.OneLineErrors())
                .setExitCodeExceptionMapper(ExitCodes::of)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
