package io.sendtime.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's promtool, made available by {@code .ci/promtool.sh} (Debian's package unpacked, no service started),
 * run as a process: its exit code and what it printed.
 */
final class Promtool {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int exitCode, String output) {}

    private static String path;

    private Promtool() {
    }

    static synchronized String path() throws IOException, InterruptedException {
        if (path == null) {
            Result found = run(null, List.of(ROOT.resolve(".ci/promtool.sh").toString()));
            if (found.exitCode() != 0) {
                throw new IllegalStateException(".ci/promtool.sh failed: " + found.output());
            }
            String[] lines = found.output().strip().split("\n");
            path = lines[lines.length - 1].strip();
        }
        return path;
    }

    /** {@code promtool <args>} in the repository's root, with {@code stdin} (when not null) on its standard input. */
    static Result promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(path());
        command.addAll(List.of(args));
        return run(stdin, command);
    }

    private static Result run(String stdin, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            process.getOutputStream().close();
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
