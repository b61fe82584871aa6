package io.sendtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the CLI in-process as a user would, with a config file, and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new CliRun(code, out.toString(), err.toString());
    }
}
