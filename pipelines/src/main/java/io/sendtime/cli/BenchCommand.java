package io.sendtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.sendtime.bench.ApiBenchmark;
import io.sendtime.bench.BenchWorkDir;
import io.sendtime.bench.DbtPeer;
import io.sendtime.bench.ExtractBenchmark;
import io.sendtime.bench.HeapWatch;
import io.sendtime.bench.IngestBenchmark;
import io.sendtime.bench.LoadBenchmark;
import io.sendtime.bench.Rates;
import io.sendtime.bench.RenderBenchmark;
import io.sendtime.config.CatalogSettings;
import io.sendtime.config.ConsentSettings;
import io.sendtime.extract.ExtractService;
import io.sendtime.lake.Lake;
import io.sendtime.load.LoadSettings;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.render.RenderSettings;
import io.sendtime.source.SourceClients;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/** {@code sendtime bench ...}: benchmarks that print ratios measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, measured in one run.",
        subcommands = {BenchCommand.Extract.class, BenchCommand.Load.class, BenchCommand.Render.class,
                BenchCommand.Ingest.class, BenchCommand.Api.class})
public class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
            description = {"Extract throughput against DuckDB's own JSON to Parquet conversion, in one run.",
                    "On a generated commerce dataset:",
                    " (a) end to end: sample commerce API over loopback -> committed raw Parquet (the extract job), twice:",
                    "     (a0) the first run, then (a) a full re-extract of the same window with compiled code;",
                    " (b) conversion alone: the same records as JSON lines on disk -> parse, validate, Parquet, with the",
                    "     extract job's own classes, on 1 thread and on all cores;",
                    " (c) reference: DuckDB read_json -> COPY (FORMAT parquet) of the same files, SET threads = 1 and all",
                    "     cores; ratios (b)/(c) at equal threads.",
                    "--peer dlt: dlt's REST API source reads the same API into Parquet right after (a0) (a pinned virtualenv",
                    "from PyPI, made by bench/peers/venv.sh when missing); both outputs checked to hold the same records.",
                    "Targets on 2 cores: (a) 150,000 records/s, (b)/(c) 0.5 at equal threads, sendtime (a0) 5x dlt end to end.",
                    "Run it with the heap it must fit in: JAVA_OPTS=-Xmx512m (the launcher's default for bench)."})
    static class Extract implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--customers", defaultValue = "100000", description = "Generated customers (default ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--peer", paramLabel = "dlt", description = "Also run this peer against the same API: dlt.")
        String peer;

        @Option(names = "--json", description = "Print the figures as one JSON object instead.")
        boolean json;

        @Mixin WorkDirOptions workDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (peer != null && !peer.equals("dlt")) {
                spec.commandLine().getErr().println("sendtime: unknown --peer '" + peer + "': the extract benchmark knows dlt");
                return ExitCodes.USAGE;
            }
            Services services = SendtimeCommand.root(spec).services();
            try (BenchWorkDir work = workDir.create("extract")) {
                PrintWriter progress = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
                io.sendtime.bench.DltPeerBenchmark dlt = peer == null ? null
                        : new io.sendtime.bench.DltPeerBenchmark(io.sendtime.bench.DltPeerBenchmark.peersDirectory(), work.path());
                services.override("sendtime.var-dir", work.path().toAbsolutePath().toString());
                progress.printf("bench extract: %,d customers (seed %d), heap max %d MB, %d cores, work dir %s%n", customers,
                        seed, HeapWatch.maxBytes() >> 20, Runtime.getRuntime().availableProcessors(), work.path());
                progress.flush();
                ExtractBenchmark.Result r = new ExtractBenchmark(services.get(SourceClients.class),
                        services.get(ExtractService.class), work.path(),
                        java.nio.file.Path.of(services.get(Lake.class).root()))
                        .run(customers, seed, dlt, progress, spec.commandLine().getErr());
                if (r == null) {
                    return ExitCodes.JOB_FAILED;
                }
                if (json) {
                    out.println(json(extractFigures(r)));
                } else {
                    SummaryPrinter.print(r.extract(), out);
                    int n = r.threads();
                    out.printf("%n(a0) end to end, first run (code being compiled): %,.0f records/s (%,d records in %s; CPU %.1f s)%n",
                            r.firstEndToEnd().perSecond(), r.firstEndToEnd().records(),
                            SummaryPrinter.human(r.firstEndToEnd().took()), r.firstEndToEndCpu().toMillis() / 1000.0);
                    out.printf("(a) end to end, API over loopback -> committed raw Parquet (a full re-extract, compiled code):"
                                    + " %,.0f records/s (%,d records in %s; CPU %.1f s, the in-process sample API's included)%n",
                            r.endToEnd().perSecond(), r.endToEnd().records(), SummaryPrinter.human(r.endToEnd().took()),
                            r.endToEndCpu().toMillis() / 1000.0);
                    out.printf("%-13s %-42s %s%n", "", "1 thread", n + " threads");
                    out.printf("%-13s %,10.0f records/s (%,d in %6s)   %,10.0f records/s (%,d in %6s)%n", "(b) sendtime",
                            r.conversion1().perSecond(), r.conversion1().records(), SummaryPrinter.human(r.conversion1().took()),
                            r.conversionN().perSecond(), r.conversionN().records(), SummaryPrinter.human(r.conversionN().took()));
                    out.printf("%-13s %,10.0f records/s (%,d in %6s)   %,10.0f records/s (%,d in %6s)%n", "(c) DuckDB",
                            r.reference1().perSecond(), r.reference1().records(), SummaryPrinter.human(r.reference1().took()),
                            r.referenceN().perSecond(), r.referenceN().records(), SummaryPrinter.human(r.referenceN().took()));
                    out.printf("ratio (b1)/(c1) = %.2f   (b%d)/(c%d) = %.2f   peak heap: (a) %d MB, (b) %d MB of %d MB max%n",
                            r.ratio1(), n, n, r.ratioN(), r.peakHeapEndToEnd() >> 20, r.peakHeapConversion() >> 20,
                            HeapWatch.maxBytes() >> 20);
                    if (r.peer() != null) {
                        var p = r.peer();
                        for (var c : p.checks()) {
                            out.printf("  %-18s sendtime %,10d records %,10d ids   dlt %,10d records %,10d ids   %s%n", c.entity(),
                                    c.sendtimeRecords(), c.sendtimeDistinctIds(), c.dltRecords(), c.dltDistinctIds(),
                                    c.same() ? "same ids" : "DIFFERENT");
                        }
                        out.printf("dlt end to end (REST API source -> Parquet, whole command): %,.0f records/s (%,d records in %s,"
                                        + " of which %s Python start and import)%n", p.perSecond(), p.records(),
                                SummaryPrinter.human(p.took()), SummaryPrinter.human(p.startup()));
                        out.printf("sendtime (a0) / dlt = %.2f%s%n", r.peerRatio(), p.same() ? "" : "   (the outputs differ: see above)");
                    }
                }
                out.flush();
                services.close(); // the job repository and lake live in the work directory
                return r.peer() == null || r.peer().same() ? ExitCodes.OK : ExitCodes.JOB_FAILED;
            }
        }

        /** {@code --json}: every figure, its reference and the ratios, flat for tracking. */
        private static Map<String, Object> extractFigures(ExtractBenchmark.Result r) {
            Map<String, Object> f = new java.util.LinkedHashMap<>();
            f.put("threads", r.threads());
            f.put("records", r.endToEnd().records());
            f.put("first_end_to_end_per_s", Math.round(r.firstEndToEnd().perSecond()));
            f.put("first_end_to_end_seconds", r.firstEndToEnd().took().toMillis() / 1000.0);
            f.put("first_end_to_end_cpu_seconds", r.firstEndToEndCpu().toMillis() / 1000.0);
            f.put("end_to_end_per_s", Math.round(r.endToEnd().perSecond()));
            f.put("end_to_end_seconds", r.endToEnd().took().toMillis() / 1000.0);
            f.put("end_to_end_cpu_seconds", r.endToEndCpu().toMillis() / 1000.0);
            f.put("conversion_1_per_s", Math.round(r.conversion1().perSecond()));
            f.put("conversion_n_per_s", Math.round(r.conversionN().perSecond()));
            f.put("duckdb_1_per_s", Math.round(r.reference1().perSecond()));
            f.put("duckdb_n_per_s", Math.round(r.referenceN().perSecond()));
            f.put("ratio_1", r.ratio1());
            f.put("ratio_n", r.ratioN());
            f.put("peak_heap_end_to_end_mb", r.peakHeapEndToEnd() >> 20);
            f.put("peak_heap_conversion_mb", r.peakHeapConversion() >> 20);
            f.put("heap_max_mb", HeapWatch.maxBytes() >> 20);
            if (r.peer() != null) {
                f.put("dlt_per_s", Math.round(r.peer().perSecond()));
                f.put("dlt_seconds", r.peer().took().toMillis() / 1000.0);
                f.put("dlt_startup_seconds", r.peer().startup().toMillis() / 1000.0);
                f.put("dlt_same_records", r.peer().same());
                f.put("dlt_checks", r.peer().checks());
                f.put("sendtime_over_dlt", r.peerRatio());
            }
            return f;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load throughput against DuckDB computing the same outputs over the same Parquet, in one run.",
                    "On a synthetic curated lake of 3 transform runs (customers, 2 subscriptions each, 3 orders and",
                    "17 events per customer on average; each later run has new versions of about 20%% of the keys and",
                    "tombstones of about 1%%) and a 1%% delta:",
                    " (1) a full rebuild of a new warehouse; (2) an incremental load of the delta; both publish the",
                    " profiles snapshot for sendtime serve, as every load does;",
                    " (3) reference: DuckDB deduplicating each entity once into a temp table, then the same consents,",
                    " profiles, features and segments.",
                    "Targets: (1) within 1.5x of (3), (2) within 10%% of (1), heap under 1 GB.",
                    "--peer dbt: also the dbt-duckdb project bench/peers/dbt (dbt build, after (1) and after (2), on the",
                    "same files), each checked to give the same profiles, segments and consents; targets: sendtime at most",
                    "0.5x dbt's time for the full build and 0.05x for the delta."})
    static class Load implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--customers", defaultValue = "1000000", description = "Customers (default ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--json", description = "Print the figures as one JSON object instead.")
        boolean json;

        @Option(names = "--peer", paramLabel = "PEER",
                description = "Also run a peer in the same run, checked against sendtime's profiles: dbt (bench/peers/dbt).")
        String peer;

        @Mixin WorkDirOptions workDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (peer != null && !peer.equals(DbtPeer.NAME)) {
                throw new IllegalArgumentException("--peer " + peer + ": the load benchmark's peer is dbt");
            }
            Services services = SendtimeCommand.root(spec).services();
            WarehouseSettings warehouse = services.read(WarehouseSettings.class);
            try (BenchWorkDir work = workDir.create("load")) {
                PrintWriter progress = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
                progress.printf("bench load: %,d customers, heap max %d MB, %d cores, DuckDB memory %s / %d threads, work dir %s%n",
                        customers, HeapWatch.maxBytes() >> 20, Runtime.getRuntime().availableProcessors(),
                        warehouse.memoryLimit(), warehouse.threads(), work.path());
                progress.flush();
                LoadBenchmark bench = new LoadBenchmark(work.path(), services.read(LoadSettings.class), warehouse);
                DbtPeer dbt = null;
                if (peer != null) {
                    dbt = new DbtPeer(work.path().resolve("dbt"), warehouse, services.read(LoadSettings.class),
                            ConsentSettings.defaults());
                    dbt.prepare(progress);
                    bench.withPeer(dbt);
                }
                LoadBenchmark.Result result = bench.run(customers, progress);
                if (json) {
                    Map<String, Object> figures = new java.util.LinkedHashMap<>();
                    figures.put("load", result);
                    if (dbt != null) {
                        figures.put("dbt", Map.of("full", dbt.fullStep(), "delta", dbt.deltaStep()));
                    }
                    out.println(json(figures));
                    return ExitCodes.OK;
                }
                out.printf("%nfull rebuild %.1f s / reference (%s) %.1f s = %.2f (target <= 1.5)%n",
                        Rates.seconds(result.fullRebuild()), result.referenceKind(), Rates.seconds(result.reference()),
                        result.fullOverReference());
                out.printf("incremental %.1f s / full rebuild %.1f s = %.2f (target <= 0.10)%n",
                        Rates.seconds(result.incremental()), Rates.seconds(result.fullRebuild()), result.incrementalOverFull());
                out.printf("peak heap %d MB (target < 1024); lake: %d runs, %.2f versions per key%n",
                        result.peakHeapBytes() >> 20, result.runs(), result.versionsPerKey());
                if (dbt != null) {
                    dbt.summary(out);
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Render throughput against the part of a render no implementation can skip, in one run.",
                    "On a warehouse of synthetic profiles (built like bench load), with the sample APIs on loopback",
                    "serving the warehouse's catalogue:",
                    " (a) a whole render of the campaign, end to end: price and stock and consent refreshed from the",
                    "     APIs, audience in DuckDB, Velocity on all cores, token sets published, export written;",
                    "     rendered twice: (a0) the first, as a fresh process runs it, the JIT compiling as it goes;",
                    "     (a) the same send again, on compiled code, as the reference runs;",
                    " (b) reference: every recipient of the same send, read before the clock, then on the same threads:",
                    "     context (JSON, money, recommendations) -> Velocity -> the export's JSON line.",
                    "Targets: (a)/(b) at least 0.5, (b) at least 100,000 recipients/s for recommendations-newsletter",
                    "on 2 cores, heap under 1 GB."})
    static class Render implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--customers", defaultValue = "1000000", description = "Profiles (default ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--campaign", defaultValue = "recommendations-newsletter",
                description = "Campaign to render (default ${DEFAULT-VALUE}, 8 tokens).")
        String campaign;

        @Option(names = "--json", description = "Print the figures as one JSON object instead.")
        boolean json;

        @Option(names = "--reuse", description = "Render on the warehouse a kept work directory (--dir) holds instead of"
                + " building one (for profiling; its earlier renders stay in it).")
        boolean reuse;

        @Mixin WorkDirOptions workDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter progress = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
            Services services = SendtimeCommand.root(spec).services();
            WarehouseSettings warehouseSettings = services.get(WarehouseSettings.class);
            RenderSettings renderSettings = services.get(RenderSettings.class);
            if (reuse && workDir.dir == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reuse needs --dir DIR");
            }
            try (BenchWorkDir work = workDir.create("render")) {
                progress.printf("bench render: %,d profiles, campaign %s, heap max %d MB, %d cores, %d render threads, work dir %s%n",
                        customers, campaign, HeapWatch.maxBytes() >> 20, Runtime.getRuntime().availableProcessors(),
                        renderSettings.threads(), work.path());
                progress.flush();
                LoadBenchmark load = new LoadBenchmark(work.path(), services.get(LoadSettings.class), warehouseSettings);
                Warehouse warehouse = reuse ? load.reuse() : load.prepare(customers, progress);
                RenderBenchmark.Result result = new RenderBenchmark(renderSettings).run(warehouse,
                        new Lake(work.path().resolve("lake").toUri(), Map.of()), work.path(), services.get(SourceClients.class),
                        services.get(CatalogSettings.class), services.get(SuppressionList.class),
                        services.get(ConsentSettings.class), campaign, progress);
                if (json) {
                    out.println(json(result));
                    return ExitCodes.OK;
                }
                out.printf("%nend to end %,.0f recipients/s   reference %,.0f recipients/s (target >= 100,000)   end to end /"
                                + " reference = %.2f (target >= 0.5)   first render in a fresh process %,.0f recipients/s,"
                                + " %.2f of the reference   peak heap %d MB (target < 1024)%n",
                        result.endToEndPerSecond(), result.referencePerSecond(), result.ratio(),
                        result.firstEndToEndPerSecond(), result.firstRatio(), result.peakHeapBytes() >> 20);
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"sendtime serve's webhook intake over loopback, with and without fsync, in one run.",
                    "A server in a JVM of its own (1 GB heap) and clients here sending unique, freshly signed batches",
                    "of storefront events as fast as they are acknowledged, latencies in an HdrHistogram; once with",
                    "every acknowledgement forced to disk, once with fsync off (the cost of durability). Each run's lake",
                    "is read back: every acknowledged event once.",
                    "Targets on 2 cores: 50,000 events/s acknowledged durably, p99 under 50 ms, at least 0.5x no-fsync,",
                    "receipt to committed-in-lake under 60 s."})
    static class Ingest implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--batch", defaultValue = "100", description = "Events per request (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per run, after 5 s of warm-up (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--json", description = "Print the figures as one JSON object instead.")
        boolean json;

        @Mixin WorkDirOptions workDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (BenchWorkDir work = workDir.create("ingest")) {
                PrintWriter progress = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
                progress.printf("bench ingest: %d cores, work dir %s%n", Runtime.getRuntime().availableProcessors(), work.path());
                IngestBenchmark.Result r = new IngestBenchmark(work.path(), clients, batch, java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(seconds)).run(progress);
                if (json) {
                    out.println(json(r));
                    return ExitCodes.OK;
                }
                for (IngestBenchmark.Figures f : List.of(r.durable(), r.noFsync())) {
                    out.printf("%-16s %,9.0f events/s acknowledged (%,d in %ds), latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                                    + " lake: %,d events in %d runs, worst receipt-to-commit %.1f s; CPU: server %.2f cores,"
                                    + " clients %.2f%n",
                            f.fsync() ? "durable (fsync)" : "no fsync", f.eventsPerSecond(), f.events(),
                            f.measured().toSeconds(), f.p50Millis(), f.p99Millis(), f.maxMillis(), f.lakeEvents(), f.runs(),
                            f.worstLakeLag().toMillis() / 1000.0, f.serverCores(), f.clientCores());
                }
                out.printf("durable / no fsync = %.2f%n", r.durable().eventsPerSecond() / r.noFsync().eventsPerSecond());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = {"sendtime serve's token endpoint against the server's own limit, over loopback, in one run.",
                    "A published render of N recipients (a real render's export format); a server in a JVM of its own",
                    "(1 GB heap); clients here on the same cores. For the token endpoint on random recipients and for the",
                    "reference endpoint (same path, access checks and headers, a constant body of the same mean size, no",
                    "lookup): an open loop at a fixed rate (latency from each request's intended start: no coordinated",
                    "omission) and saturation (closed loop).",
                    "Targets on 2 cores at 1,000,000 recipients: p99 under 10 ms at 2,000 requests/s; saturation at least",
                    "0.7x the reference; server heap under 1 GB."})
    static class Api implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--recipients", defaultValue = "1000000", description = "Recipients of the send (default ${DEFAULT-VALUE}).")
        int recipients;

        @Option(names = "--rate", defaultValue = "2000", description = "The fixed rate, requests/s (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--connections", defaultValue = "16", description = "Clients at saturation (default ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--server-java-opts", defaultValue = "-Xmx1g", paramLabel = "OPTS",
                description = "The server JVM's options (default ${DEFAULT-VALUE}, the launcher's); \"-Xmx1g -XX:+UseZGC\" for the collector docs/serve.md recommends when the read API's latency matters most.")
        String serverJavaOpts;

        @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per load, after 5 s of warm-up (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--json", description = "Print the figures as one JSON object instead.")
        boolean json;

        @Mixin WorkDirOptions workDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            WarehouseSettings warehouse = SendtimeCommand.root(spec).services().get(WarehouseSettings.class);
            try (BenchWorkDir work = workDir.create("api")) {
                PrintWriter progress = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
                progress.printf("bench api: %d cores, %,d recipients, work dir %s%n",
                        Runtime.getRuntime().availableProcessors(), recipients, work.path());
                ApiBenchmark.Result r = new ApiBenchmark(work.path(), warehouse, recipients, rate, connections,
                        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(seconds),
                        List.of(serverJavaOpts.trim().split("\\s+"))).run(progress);
                if (json) {
                    out.println(json(r));
                    return ExitCodes.OK;
                }
                ApiBenchmark.Figures fixed = r.find("tokens", "fixed");
                ApiBenchmark.Figures tokens = r.find("tokens", "saturation");
                ApiBenchmark.Figures reference = r.find("reference", "saturation");
                out.printf("tokens at %,d requests/s: p99 %.2f ms (target under 10 ms)%n", rate, fixed.p99Millis());
                out.printf("saturation: tokens %,.0f requests/s, reference %,.0f: %.2fx (target at least 0.7x)%n",
                        tokens.requestsPerSecond(), reference.requestsPerSecond(),
                        tokens.requestsPerSecond() / reference.requestsPerSecond());
                out.printf("server heap with the send loaded, after a full GC: %,d MB (target under 1,024 MB)%n",
                        r.serverHeapBytes() >> 20);
                return ExitCodes.OK;
            }
        }
    }

    /** A benchmark's result as one JSON object ({@code --json}). */
    private static String json(Object result) throws com.fasterxml.jackson.core.JsonProcessingException {
        return new com.fasterxml.jackson.databind.ObjectMapper().registerModule(
                new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).writeValueAsString(result);
    }

    /** {@code --dir} and {@code --keep}: where a benchmark works, and whether its files stay. */
    static class WorkDirOptions {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "Work directory (default <var>/bench/<benchmark>-<time>, removed afterwards unless --keep).")
        Path dir;

        @Option(names = "--keep", description = "Keep the work directory.")
        boolean keep;

        BenchWorkDir create(String name) {
            return BenchWorkDir.create(name, dir, keep);
        }
    }
}
