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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.ExportPublisher;
import io.sendtime.lake.Lake;
import io.sendtime.model.Emails;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * {@code ./sendtime bench api}: {@code sendtime serve} in a JVM of its own (1 GB heap) serving a published render of N
 * recipients (sql/bench/api_token_sets.sql, in a real render's export format, published as a render publishes), and
 * clients in this JVM on the same cores:
 * <ul>
 *   <li>open loop at a fixed rate: each request has an intended start time and its latency counts from then, so a
 *       stalled server is charged for the requests it delayed (no coordinated omission);</li>
 *   <li>saturation: closed loop, as many requests as {@code connections} clients get answered.</li>
 * </ul>
 * Both for the token endpoint on random recipients (half by customer key, half by email SHA-256) and for the server's
 * reference endpoint: the same path, access checks and headers, a constant body of the same mean size, no lookup.
 */
public final class ApiBenchmark {

    private static final String TOKEN_ENV = "SENDTIME_BENCH_API_TOKEN";
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    /** One load on one endpoint. */
    public record Figures(String endpoint, String load, double requestsPerSecond, long requests, long errors,
                          double p50Millis, double p99Millis, double p999Millis, double maxMillis, double serverCores,
                          double clientCores) {}

    public record Result(int recipients, List<String> serverOptions, Duration loadTime, long serverHeapBytes, int meanBodyBytes,
                         List<Figures> figures) {

        public Figures find(String endpoint, String load) {
            return figures.stream().filter(f -> f.endpoint().equals(endpoint) && f.load().equals(load)).findFirst()
                    .orElseThrow();
        }
    }

    private final Path work;
    private final WarehouseSettings warehouseSettings;
    private final int recipients;
    private final int rate;
    private final int connections;
    private final Duration warmup;
    private final Duration measure;
    private final List<String> serverOptions;

    public ApiBenchmark(Path work, WarehouseSettings warehouseSettings, int recipients, int rate, int connections,
                        Duration warmup, Duration measure, List<String> serverOptions) {
        this.serverOptions = serverOptions.isEmpty() ? ServerProcess.DEFAULT_JVM_OPTIONS : serverOptions;
        this.work = work;
        this.warehouseSettings = warehouseSettings;
        this.recipients = recipients;
        this.rate = rate;
        this.connections = connections;
        this.warmup = warmup;
        this.measure = measure;
    }

    public Result run(PrintWriter out) throws Exception {
        Path var = work.resolve("server");
        Lake lake = new Lake(var.resolve("lake").toAbsolutePath().toUri(), Map.of());
        int meanTokens = publish(lake);
        String token = secret(32);
        Path key = var.resolve("privacy.key");
        Files.writeString(key, secret(32));
        // the reference answers with a constant body the size of a mean token answer: the tokens and the head every
        // answer of this send has (campaign, send, render, time, version, a 16-character key, variant: 194 bytes)
        int meanBody = meanTokens + 194;
        Path config = var.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + var.toAbsolutePath() + "\n  privacy:\n"
                + "    key-env: SENDTIME_BENCH_PRIVACY_KEY_UNSET\n    key-file: " + key.toAbsolutePath() + "\n"
                + "  serve:\n    api:\n      reference-body: " + meanBody + "B\n      poll: 1s\n      clients:\n"
                + "        bench:\n          token-env: " + TOKEN_ENV + "\n          requests-per-second: 10000000\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TOKEN_ENV, token);
        env.put("SENDTIME_WEBHOOK_SECRET", null);
        env.put("SENDTIME_SENDGRID_WEBHOOK_KEY", null);
        try (ServerProcess server = ServerProcess.start(config, env, serverOptions)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port();
            Instant started = Instant.now();
            String probe = base + "/v1/sends/bench/s1/recipients/" + customerKey(0);
            for (HttpResponse<byte[]> r = get(http, probe, token); r == null || r.statusCode() != 200;
                 r = get(http, probe, token)) {
                if (Duration.between(started, Instant.now()).toMinutes() > 10) {
                    throw new IllegalStateException("the server did not serve the send within 10 minutes");
                }
                Thread.sleep(100);
            }
            Duration loadTime = Duration.between(started, Instant.now());
            long heap = heapAfterGc(server.pid());
            out.printf("server on port %d (pid %d, %s): %,d recipients served after %.1f s; heap after a full GC %,d MB%n",
                    server.port(), server.pid(), String.join(" ", serverOptions), recipients, loadTime.toMillis() / 1000.0, heap >> 20);
            out.flush();
            byte[][] tokenPaths = paths("/v1/sends/bench/s1/recipients/");
            byte[][] referencePaths = paths("/v1/reference/bench/s1/recipients/");
            // the server's JIT and connection pools warm on both endpoints first, so the first figures are not its start
            closedLoop(server.port(), "tokens", tokenPaths, token, server.handle());
            closedLoop(server.port(), "reference", referencePaths, token, server.handle());
            List<Figures> figures = new ArrayList<>();
            for (String load : List.of("fixed", "saturation")) {
                for (String endpoint : List.of("tokens", "reference")) {
                    byte[][] targets = endpoint.equals("tokens") ? tokenPaths : referencePaths;
                    Figures f = load.equals("fixed") ? openLoop(server.port(), endpoint, targets, token, server.handle())
                            : closedLoop(server.port(), endpoint, targets, token, server.handle());
                    figures.add(f);
                    out.printf("  %-9s %-10s %,8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %7.2f ms"
                                    + "  errors %d  (server %.2f cores, clients %.2f)%n", endpoint, load,
                            f.requestsPerSecond(), f.p50Millis(), f.p99Millis(), f.p999Millis(), f.maxMillis(), f.errors(),
                            f.serverCores(), f.clientCores());
                    out.flush();
                }
            }
            server.stop();
            return new Result(recipients, serverOptions, loadTime, heap, meanBody, figures);
        }
    }

    /** Writes the synthetic render where a render writes its export, with its send.json, and publishes it. */
    private int publish(Lake lake) throws IOException {
        ExportPublisher exports = new ExportPublisher(lake);
        String render = "20261130T000000000000Z-abench00001";
        Path dir = exports.renderDir("bench", "s1", render);
        Files.createDirectories(dir);
        Path tokenSets = dir.resolve("token_sets.parquet");
        Map<String, String> fallbacks = new LinkedHashMap<>();
        for (String name : List.of("first_name", "subject", "last_order_date", "favorite_category", "recommended_products")) {
            fallbacks.put(name, name.equals("first_name") ? "there" : "");
        }
        int meanTokens;
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            SqlScript.load("bench/api_token_sets.sql").run(h, Map.of("recipients", Integer.toString(recipients)),
                    Map.of("tokenSets", tokenSets.toString()));
            meanTokens = h.createQuery(SqlFiles.text("bench/api_mean_tokens.sql"))
                    .bind("file", tokenSets.toString()).mapTo(Integer.class).one();
        }
        ExportPublisher.writeSendInfo(dir, new ExportPublisher.SendInfo("bench", "s1", render,
                Instant.parse("2026-11-30T00:00:00Z"), 1, 300, fallbacks));
        exports.publish("bench", "s1", render);
        return meanTokens;
    }

    /** 100,000 random recipients' URLs: half by customer key, half by the SHA-256 of the address. */
    private byte[][] paths(String prefix) {
        SplittableRandom random = new SplittableRandom(42);
        byte[][] paths = new byte[100_000][];
        for (int i = 0; i < paths.length; i++) {
            int recipient = random.nextInt(recipients);
            paths[i] = (prefix + (i % 2 == 0 ? customerKey(recipient)
                    : Emails.sha256("user" + recipient + "@example.com"))).getBytes(StandardCharsets.US_ASCII);
        }
        return paths;
    }

    /** Recipient i's customer key in sql/bench/api_token_sets.sql: left(md5('c' || i), 16). */
    private static String customerKey(int i) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(("c" + i).getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fixed rate, open loop (as wrk2 does it): request i is due at start + i/rate; whichever of the workers is free
     * sends it, at once if it is late, and its latency counts from when it was due, so a stall is charged for every
     * request it delayed. Enough workers that the clients are never the limit at this rate.
     */
    private Figures openLoop(int port, String endpoint, byte[][] targets, String token, ProcessHandle server)
            throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        AtomicLong next = new AtomicLong();
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.max(connections, 64); w++) {
            Thread t = new Thread(() -> {
                try (LoopbackHttp http = new LoopbackHttp(port, "Bearer " + token)) {
                    for (long i = next.getAndIncrement(); ; i = next.getAndIncrement()) {
                        long due = start + i * interval;
                        if (due >= end) {
                            return;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        boolean ok = send(http, targets[(int) (i % targets.length)]);
                        if (due >= measureFrom) {
                            recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                            done.incrementAndGet();
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
            }, "api-open-loop-" + w);
            t.start();
            workers.add(t);
        }
        LockSupport.parkNanos(measureFrom - System.nanoTime());
        recorder.getIntervalHistogram();
        long cpuServer = ServerProcess.cpu(server);
        long cpuClient = ServerProcess.cpu(ProcessHandle.current());
        for (Thread t : workers) {
            t.join();
        }
        double wall = Math.max(System.nanoTime() - measureFrom, 1);
        return figures(endpoint, "fixed", recorder.getIntervalHistogram(), done.get(), errors.get(), measure,
                (ServerProcess.cpu(server) - cpuServer) / wall, (ServerProcess.cpu(ProcessHandle.current()) - cpuClient) / wall);
    }

    /** Saturation: {@code connections} clients each sending the next request as soon as the last is answered. */
    private Figures closedLoop(int port, String endpoint, byte[][] targets, String token, ProcessHandle server)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int offset = c * 7919;
            Thread t = new Thread(() -> {
                try (LoopbackHttp http = new LoopbackHttp(port, "Bearer " + token)) {
                    for (int i = offset; running.get(); i++) {
                        long t0 = System.nanoTime();
                        boolean ok = send(http, targets[i % targets.length]);
                        if (measuring.get()) {
                            recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                            done.incrementAndGet();
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
            }, "api-client-" + c);
            t.start();
            threads.add(t);
        }
        Thread.sleep(warmup.toMillis());
        recorder.getIntervalHistogram();
        long cpuServer = ServerProcess.cpu(server);
        long cpuClient = ServerProcess.cpu(ProcessHandle.current());
        long from = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double wall = System.nanoTime() - from;
        Histogram h = recorder.getIntervalHistogram();
        long requests = done.get();
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        return figures(endpoint, "saturation", h, requests, errors.get(), Duration.ofNanos((long) wall),
                (ServerProcess.cpu(server) - cpuServer) / wall, (ServerProcess.cpu(ProcessHandle.current()) - cpuClient) / wall);
    }

    private static boolean send(LoopbackHttp http, byte[] path) {
        try {
            return http.get(path) == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Figures figures(String endpoint, String load, Histogram h, long requests, long errors, Duration over,
                                   double serverCores, double clientCores) {
        return new Figures(endpoint, load, requests / Rates.seconds(over), requests, errors,
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3, serverCores, clientCores);
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url, String token) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return null;
        }
    }

    /** The server's heap in use after a full collection (jcmd, the JDK's own tool). */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        Matcher m = HEAP_USED.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static String secret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
