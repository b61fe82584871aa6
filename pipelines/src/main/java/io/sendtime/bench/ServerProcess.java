package io.sendtime.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sendtime serve} in its own JVM ({@code -Xmx1g}, as the launcher runs it, unless told otherwise) for a benchmark: started with a
 * configuration file and environment, its port read from what it prints, stopped with SIGTERM (which must exit 0).
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The server's JVM options unless a benchmark is told otherwise: the launcher's default. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx1g");

    /** Starts the server; {@code env} is added to this process's environment ({@code null} values removed). */
    static ServerProcess start(Path config, Map<String, String> env) throws IOException {
        return start(config, env, DEFAULT_JVM_OPTIONS);
    }

    /** Starts the server with these JVM options (the heap, the collector). */
    static ServerProcess start(Path config, Map<String, String> env, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        if (classpath.endsWith(".jar") && !classpath.contains(File.pathSeparator)) {
            command.addAll(List.of("-jar", classpath)); // the launcher's jar
        } else {
            command.addAll(List.of("-cp", classpath, "io.sendtime.cli.Main"));
        }
        command.addAll(List.of("serve", "--port", "0", "--config", config.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        try {
            return new ServerProcess(process, port(process));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** CPU time a process has used so far, in nanoseconds. */
    static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** SIGTERM, as a service manager stops it: it must stop cleanly (exit 0) within two minutes. */
    void stop() throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("sendtime serve did not stop cleanly on SIGTERM");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int port(Process server) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // the server's log: not part of the figures
                        }
                    } catch (IOException e) {
                        // gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("sendtime serve did not start: " + seen);
    }
}
