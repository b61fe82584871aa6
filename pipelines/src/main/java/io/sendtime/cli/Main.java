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
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs one command line with its output and errors going to the given writers (tests use this). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        SendtimeCommand root = new SendtimeCommand();
        try {
            return commandLine(root).setOut(out).setErr(err).execute(args);
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
