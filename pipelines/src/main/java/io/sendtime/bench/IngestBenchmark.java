package io.sendtime.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

import io.sendtime.ingest.WebhookSignature;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * {@code bench ingest}: {@code sendtime serve} in a JVM of its own (1 GB heap, as for the API benchmark), driven over
 * loopback by clients in this JVM that send unique, freshly signed batches of storefront events as fast as the server
 * acknowledges them (closed loop: each client sends its next batch when the last is answered), with every
 * acknowledgement's latency recorded in an HdrHistogram. Run twice in one go: with the log forced to the device before
 * every acknowledgement (the product), and with fsync off (the cost of durability). After each run the server is
 * stopped with SIGTERM and the lake is read back: every acknowledged event must be there exactly once, and the lag
 * from an event's receipt to its run's commit is reported.
 */
public final class IngestBenchmark {


    /** One run's figures. */
    public record Figures(boolean fsync, long events, Duration measured, double eventsPerSecond, double p50Millis,
                          double p99Millis, double maxMillis, long lakeEvents, long runs, Duration worstLakeLag,
                          double serverCores, double clientCores) {}

    public record Result(Figures durable, Figures noFsync) {}

    private final Path work;
    private final int clients;
    private final int batch;
    private final Duration warmup;
    private final Duration measure;

    public IngestBenchmark(Path work, int clients, int batch, Duration warmup, Duration measure) {
        this.work = work;
        this.clients = clients;
        this.batch = batch;
        this.warmup = warmup;
        this.measure = measure;
    }

    public Result run(PrintWriter out) throws Exception {
        Figures durable = runOnce(true, out);
        Figures noFsync = runOnce(false, out);
        return new Result(durable, noFsync);
    }

    private Figures runOnce(boolean fsync, PrintWriter out) throws Exception {
        Path dir = work.resolve(fsync ? "durable" : "no-fsync");
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(random);
        new SecureRandom().nextBytes(random);
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, Base64.getEncoder().encodeToString(random));
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + dir.toAbsolutePath() + "\n  privacy:\n"
                + "    key-env: SENDTIME_BENCH_PRIVACY_KEY_UNSET\n    key-file: " + key.toAbsolutePath() + "\n"
                + "  serve:\n    log:\n      fsync: " + fsync + "\n");
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("SENDTIME_WEBHOOK_SECRET", secret);
        env.put("SENDTIME_SENDGRID_WEBHOOK_KEY", null);
        try (ServerProcess server = ServerProcess.start(config, env)) {
            int port = server.port();
            out.printf("%s: server on port %d (pid %d), %d clients, batches of %d, warm-up %ds, measured %ds%n",
                    fsync ? "durable (fsync)" : "no fsync", port, server.pid(), clients, batch, warmup.toSeconds(),
                    measure.toSeconds());
            out.flush();
            Drive drive = drive(URI.create("http://127.0.0.1:" + port + "/v1/events"), secret, server.handle());
            server.stop();
            Lake lake = new Lake(dir.resolve("lake").toAbsolutePath().toUri(), Map.of());
            long[] lakeEvents = {0};
            long[] runs = {0};
            Duration worst = Duration.ZERO;
            Schema receivedAt = SchemaBuilder.record("Received").fields().name(RawSchemas.EXTRACTED_AT)
                    .type(org.apache.avro.LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault().endRecord();
            for (RunManifest run : new RunManifests(lake).all("webhooks")) {
                runs[0]++;
                long[] first = {Long.MAX_VALUE};
                for (var files : run.entities().values()) {
                    for (String f : files.files()) {
                        new ParquetFiles(lake).read(lake.path(f), receivedAt, r -> {
                            lakeEvents[0]++;
                            first[0] = Math.min(first[0], (Long) r.get(RawSchemas.EXTRACTED_AT));
                        });
                    }
                }
                if (first[0] != Long.MAX_VALUE) {
                    Duration lag = Duration.between(Instant.ofEpochSecond(first[0] / 1_000_000, (first[0] % 1_000_000) * 1000),
                            run.committedAt());
                    worst = lag.compareTo(worst) > 0 ? lag : worst;
                }
            }
            if (lakeEvents[0] != drive.acknowledged()) {
                throw new IllegalStateException("the lake holds " + lakeEvents[0] + " events, " + drive.acknowledged()
                        + " were acknowledged");
            }
            Histogram h = drive.latencies();
            return new Figures(fsync, drive.measuredEvents(), measure, drive.measuredEvents() / Rates.seconds(measure),
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                    lakeEvents[0], runs[0], worst, drive.serverCores(), drive.clientCores());
        }
    }

    private record Drive(long acknowledged, long measuredEvents, Histogram latencies, double serverCores,
                         double clientCores) {}

    /** CPU time a process has used so far, in nanoseconds (0 where the platform does not say). */

    private Drive drive(URI uri, String secret, ProcessHandle server) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        WebhookSignature signature = WebhookSignature.of(secret, Clock.systemUTC());
        Recorder recorder = new Recorder(3);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                StringBuilder body = new StringBuilder(batch * 260);
                for (long n = 0; running.get(); n++) {
                    body.setLength(0);
                    body.append('[');
                    String now = Instant.now().toString();
                    for (int i = 0; i < batch; i++) {
                        if (i > 0) {
                            body.append(',');
                        }
                        body.append("{\"id\":\"c").append(client).append('-').append(n).append('-').append(i)
                                .append("\",\"type\":\"product_viewed\",\"customer_id\":").append(1_000_000 + (n * batch + i) % 100_000)
                                .append(",\"occurred_at\":\"").append(now)
                                .append("\",\"properties\":{\"product_id\":").append(1000 + i).append(",\"variant_id\":")
                                .append(5000 + i).append(",\"list\":\"home\"}}");
                    }
                    body.append(']');
                    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                    String id = "msg_" + client + "_" + n;
                    long timestamp = Instant.now().getEpochSecond();
                    HttpRequest request = HttpRequest.newBuilder(uri).header("content-type", "application/json")
                            .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                            .header("webhook-signature", signature.sign(id, timestamp, bytes))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (answer.statusCode() == 200) {
                            acknowledged.addAndGet(batch);
                            if (measuring.get()) {
                                recorder.recordValue(took);
                                measured.addAndGet(batch);
                            }
                        } else {
                            failures.incrementAndGet();
                            Thread.sleep(100);
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ingest-client-" + c);
            t.start();
            threads.add(t);
        }
        Thread.sleep(warmup.toMillis());
        recorder.getIntervalHistogram(); // drop the warm-up's
        long serverCpu = ServerProcess.cpu(server);
        long clientCpu = ServerProcess.cpu(ProcessHandle.current());
        long started = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double wall = System.nanoTime() - started;
        double serverCores = (ServerProcess.cpu(server) - serverCpu) / wall;
        double clientCores = (ServerProcess.cpu(ProcessHandle.current()) - clientCpu) / wall;
        Histogram latencies = recorder.getIntervalHistogram();
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " request(s) were not acknowledged");
        }
        return new Drive(acknowledged.get(), measured.get(), latencies, serverCores, clientCores);
    }
}
