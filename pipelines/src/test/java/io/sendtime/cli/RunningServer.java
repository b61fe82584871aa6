package io.sendtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import io.sendtime.TestApp;
import io.sendtime.source.SecretResolver;
import picocli.CommandLine;

/**
 * {@code sendtime serve --port 0} run in-process as a user runs it (the command, its Spring Boot web server, real
 * HTTP on loopback), on a test's var dir, with the test's secrets instead of the environment's; {@link #stop} does what
 * SIGTERM does.
 */
public final class RunningServer implements AutoCloseable {

    private final ServeCommand command;
    private final SendtimeCommand root;
    private final Thread thread;
    private final StringWriter out = new StringWriter();
    private volatile int exitCode = -1;

    private RunningServer(Path varDir, Map<String, String> secrets, Map<String, Object> properties) {
        root = new SendtimeCommand();
        CommandLine line = Main.commandLine(root).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
        command = line.getSubcommands().get("serve").getCommand();
        command.secrets = SecretResolver.of(secrets);
        command.handleSignals = false;
        TestApp.writeTestKey(varDir.resolve("privacy.key"));
        root.services().override("sendtime.var-dir", varDir.toString());
        root.services().override("sendtime.privacy.key-env", "SENDTIME_TEST_PRIVACY_KEY_UNSET");
        root.services().override("logging.level.org.apache", "warn");
        properties.forEach(root.services()::override);
        thread = new Thread(() -> {
            try {
                exitCode = line.execute("serve", "--port", "0");
            } finally {
                root.services().close();
            }
        }, "sendtime-serve");
        thread.start();
    }

    public static RunningServer start(Path varDir, Map<String, String> secrets, Map<String, Object> properties)
            throws InterruptedException {
        RunningServer server = new RunningServer(varDir, secrets, properties);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (server.command.boundPort < 0) {
            if (!server.thread.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("sendtime serve did not start: " + server.out);
            }
            Thread.sleep(20);
        }
        return server;
    }

    public int port() {
        return command.boundPort;
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public ConfigurableApplicationContext context() {
        return root.services().context();
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    public String output() {
        return out.toString();
    }

    /** What SIGTERM does: stop taking requests, finish those under way, commit the log; the exit code. */
    public int stop() throws InterruptedException {
        command.stop.countDown();
        thread.join(120_000);
        return exitCode;
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
