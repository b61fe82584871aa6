package io.sendtime.cli;

import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApis;
import io.sendtime.samples.Churn;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/** {@code sendtime sources serve}: runs the sample CRM and commerce APIs until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the sample CRM (HubSpot-style) and commerce (Shopify-style) APIs on 127.0.0.1.")
public class SourcesServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8765", description = "Port on 127.0.0.1 (0 = any free port); the source presets expect 8765. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Serve the JSONL files of this data-samples style directory.")
    Path data;

    @Option(names = "--generated", description = "Serve a generated dataset instead of the sample data.")
    boolean generated;

    @Option(names = "--customers", defaultValue = "10000", description = "Customers of the generated dataset. Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated dataset. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rate-limit", defaultValue = "realistic", paramLabel = "realistic|generous",
            description = "Commerce leaky bucket: realistic (40, 2/s) or generous (1000, 1000/s). Default: ${DEFAULT-VALUE}.")
    String rateLimit;

    @Option(names = "--churn-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Create, update and delete a few records of every feed this often (e.g. 30s, 5m, PT1M).")
    Duration churnEvery;

    /** Released by tests to stop a running command; Ctrl-C ends the JVM instead. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SampleApiOptions.Builder options = SampleApiOptions.builder().port(port);
        try {
            if (generated && data != null) {
                throw new IllegalArgumentException("--data and --generated exclude each other");
            }
            options.dataset(generated ? Dataset.generated(seed, customers) : data != null ? Dataset.directory(data) : Dataset.samples());
            options.rateLimit(RateLimit.preset(rateLimit));
            if (churnEvery != null && (churnEvery.isNegative() || churnEvery.isZero())) {
                throw new IllegalArgumentException("--churn-every must be positive");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String crmToken = System.getenv("SENDTIME_CRM_TOKEN");
        String commerceToken = System.getenv("SENDTIME_COMMERCE_TOKEN");
        if (crmToken != null && !crmToken.isBlank()) {
            options.crmToken(crmToken);
        }
        if (commerceToken != null && !commerceToken.isBlank()) {
            options.commerceToken(commerceToken);
        }
        ScheduledExecutorService churner = null;
        try (SampleApis apis = SampleApis.start(options.build())) {
            out.println("Sample APIs on " + apis.baseUrl() + " (CRM: /crm/v3/..., commerce: /admin/api/2024-10/...)");
            // a local sample server: random tokens are shown once so a client can be pointed at it
            err.println(crmToken == null ? "SENDTIME_CRM_TOKEN=" + apis.crmToken() : "CRM token: from SENDTIME_CRM_TOKEN");
            err.println(commerceToken == null ? "SENDTIME_COMMERCE_TOKEN=" + apis.commerceToken()
                    : "Commerce token: from SENDTIME_COMMERCE_TOKEN");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            err.flush();
            if (churnEvery != null) {
                churner = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sample-churn");
                    t.setDaemon(true);
                    return t;
                });
                Churn churn = Churn.of(2, 10, 1).withTies(3).withLate(1, Duration.ofMinutes(30));
                churner.scheduleAtFixedRate(() -> apis.store().churnAll(churn),
                        churnEvery.toMillis(), churnEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
            stop.await();
        } finally {
            if (churner != null) {
                churner.shutdownNow();
            }
        }
        return 0;
    }

    /** Accepts ISO-8601 ({@code PT30S}) and short forms ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("p")) {
                return Duration.parse(value.trim());
            }
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(v);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration: " + value + " (try 30s, 5m or PT1M)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
