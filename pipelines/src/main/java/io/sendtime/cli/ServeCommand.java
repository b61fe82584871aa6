package io.sendtime.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.sendtime.ingest.ServeStatus;
import io.sendtime.source.SecretResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sendtime serve}: the long-running server (webhooks in, token sets and profiles out). Runs until SIGTERM or Ctrl-C, then stops gracefully:
 * it stops taking requests, lets those under way finish, commits what the event log holds to the lake, and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the server: storefront events (POST /v1/events) and email-service events "
                + "(POST /v1/esp/<provider>) in, durably, into the lake; token sets (GET /v1/sends/...), open-time"
                + " content and profiles out to email services; /metrics and /health (docs/serve.md).",
                "Stops gracefully on SIGTERM or Ctrl-C (exit 0)."})
public class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--port", defaultValue = "${sys:sendtime.serve.port:-8080}",
            description = "Port to listen on (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--address", defaultValue = "127.0.0.1",
            description = "Address to bind: loopback by default; put a TLS-terminating proxy in front (docs/serve.md). Default: ${DEFAULT-VALUE}.")
    String address;

    /** Tests and benchmarks: secrets instead of the environment's, no signal handlers, stopped by {@link #stop}. */
    SecretResolver secrets;
    boolean handleSignals = true;
    final CountDownLatch stop = new CountDownLatch(1);
    volatile int boundPort = -1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Services services = SendtimeCommand.root(spec).services();
        services.override("server.port", port);
        services.override("server.address", address);
        if (handleSignals) {
            // SIGTERM (a service manager's stop) and Ctrl-C end the wait below; the context then closes gracefully
            // and the command exits 0, instead of the JVM's default 143 from its shutdown hooks
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.countDown());
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.countDown());
        }
        ConfigurableApplicationContext context = services.server(secrets);
        int bound = ((WebServerApplicationContext) context).getWebServer().getPort();
        out.println("sendtime serve: listening on http://" + address + ":" + bound);
        context.getBean(ServeStatus.class).describe().forEach(line -> out.println("  " + line));
        context.getBean(io.sendtime.api.ApiStatus.class).describe().forEach(line -> out.println("  " + line));
        out.flush();
        boundPort = bound;
        stop.await();
        out.println("sendtime serve: stopping (finishing requests under way, committing the event log)");
        out.flush();
        services.close();
        out.println("sendtime serve: stopped");
        return ExitCodes.OK;
    }
}
