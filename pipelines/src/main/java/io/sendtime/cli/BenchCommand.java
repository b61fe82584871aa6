package io.sendtime.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.sendtime.bench.ConversionBenchmark;
import io.sendtime.bench.ConversionBenchmark.Timing;
import io.sendtime.bench.HeapWatch;
import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.Entity;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.samples.SampleGenerator;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;
import io.sendtime.source.SourceDefinition;

/** {@code sendtime bench ...}: benchmarks that print ratios measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, measured in one run.",
        subcommands = {BenchCommand.Extract.class, BenchCommand.Load.class, BenchCommand.Render.class})
public class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
            description = {"Extract throughput on a generated commerce dataset, in one run:",
                    " (a) end to end: sample commerce API over loopback -> committed raw Parquet (the extract job);",
                    " (b) conversion alone: the same records as JSON lines on disk -> parse, validate, Parquet;",
                    " (c) reference: DuckDB read_json -> COPY (FORMAT parquet) of the same files.",
                    "Run it with the heap it must fit in: JAVA_OPTS=-Xmx512m (the launcher's default for bench)."})
    static class Extract implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--customers", defaultValue = "100000", description = "Generated customers (default ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--dir", description = "Work directory (default <var>/bench/extract-<time>; removed afterwards unless --keep).")
        Path dir;

        @Option(names = "--keep", description = "Keep the work directory.")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Services services = SendtimeCommand.root(spec).services();
            Path work = dir != null ? dir : Path.of(System.getenv().getOrDefault("SENDTIME_VAR", "var"), "bench",
                    "extract-" + Instant.now().getEpochSecond());
            Files.createDirectories(work);
            services.override("sendtime.var-dir", work.toAbsolutePath().toString());
            out.printf("bench extract: %,d customers (seed %d), heap max %d MB, %d cores, work dir %s%n", customers, seed,
                    HeapWatch.maxBytes() >> 20, Runtime.getRuntime().availableProcessors(), work);
            out.flush();

            // (a) end to end through the extract job
            long endToEndRecords;
            Duration endToEnd;
            long heapA;
            try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.generated(seed, customers))
                    .rateLimit(new RateLimit(100_000, 100_000)).build())) {
                SourceClients sources = services.get(SourceClients.class);
                sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
                SourceDefinition commerce = sources.definition("commerce").withBaseUrl(apis.baseUrl().toString());
                sources.override(commerce);
                ExtractService extract = services.get(ExtractService.class);
                ExtractSummary summary;
                try (HeapWatch heap = new HeapWatch()) {
                    summary = extract.run(new ExtractRequest("commerce", List.of(), null, Instant.now(), false));
                    heapA = heap.peakBytes();
                }
                if (!summary.succeeded()) {
                    spec.commandLine().getErr().println("sendtime: bench extract failed: " + summary.failure());
                    return ExitCodes.JOB_FAILED;
                }
                endToEndRecords = summary.written();
                endToEnd = summary.took();
                SummaryPrinter.print(summary, out);
            }

            // (b) and (c) on the same records as JSON lines on disk
            Path json = work.resolve("json");
            new SampleGenerator(seed, customers).writeDataset(json);
            SourceDefinition commerce = services.get(SourceClients.class).definition("commerce");
            long recordsB = 0;
            long recordsC = 0;
            Duration timeB = Duration.ZERO;
            Duration timeC = Duration.ZERO;
            HeapWatch heap = new HeapWatch();
            for (Entity entity : Entity.values()) {
                if (entity.system() != Entity.SourceSystem.COMMERCE) {
                    continue;
                }
                String name = entity.name().toLowerCase();
                Path file = json.resolve(entity.file());
                Timing b = ConversionBenchmark.sendtime(file, "commerce", name, commerce.entity(name),
                        work.resolve("conversion"), 20 * commerce.pageSizeOf(name));
                Timing c = ConversionBenchmark.duckdb(file, work.resolve("duckdb-" + name + ".parquet"));
                recordsB += b.records();
                recordsC += c.records();
                timeB = timeB.plus(b.took());
                timeC = timeC.plus(c.took());
                out.printf("  %-18s conversion %,10.0f rec/s   duckdb %,10.0f rec/s   (%,d records)%n", name, b.perSecond(),
                        c.perSecond(), b.records());
            }
            long heapB = heap.peakBytes();
            heap.close();
            double a = endToEndRecords / seconds(endToEnd);
            double bRate = recordsB / seconds(timeB);
            double cRate = recordsC / seconds(timeC);
            out.printf("%n(a) end to end, API over loopback -> committed raw Parquet: %,.0f records/s (%,d records in %s)%n",
                    a, endToEndRecords, SummaryPrinter.human(endToEnd));
            out.printf("(b) conversion alone, JSON lines on disk -> Parquet:        %,.0f records/s (%,d records in %s)%n",
                    bRate, recordsB, SummaryPrinter.human(timeB));
            out.printf("(c) DuckDB read_json -> COPY parquet (reference):           %,.0f records/s (%,d records in %s)%n",
                    cRate, recordsC, SummaryPrinter.human(timeC));
            out.printf("ratio (b)/(c) = %.2f   peak heap: (a) %d MB, (b) %d MB of %d MB max%n", bRate / cRate,
                    heapA >> 20, heapB >> 20, HeapWatch.maxBytes() >> 20);
            out.flush();
            if (!keep && dir == null) {
                services.close();
                org.springframework.util.FileSystemUtils.deleteRecursively(work);
            }
            return ExitCodes.OK;
        }

        static double seconds(Duration d) {
            return Math.max(1e-9, d.toNanos() / 1e9);
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load throughput on a synthetic curated lake (customers, 2 subscriptions each, 3 orders and",
                    "17 events per customer on average), in one run:",
                    " (1) a full rebuild of a new warehouse; (2) an incremental load of a 1% delta;",
                    " (3) reference: the same feature queries run by DuckDB directly over the curated Parquet.",
                    "Targets: (1) within 1.5x of (3), (2) within 10% of (1), heap under 1 GB."})
    static class Load implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--customers", defaultValue = "1000000", description = "Customers (default ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--dir", description = "Work directory (default <var>/bench/load-<time>; removed afterwards unless --keep).")
        Path dir;

        @Option(names = "--keep", description = "Keep the work directory.")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Services services = SendtimeCommand.root(spec).services();
            Path work = dir != null ? dir : Path.of(System.getenv().getOrDefault("SENDTIME_VAR", "var"), "bench",
                    "load-" + Instant.now().getEpochSecond());
            Files.createDirectories(work);
            var warehouse = services.get(io.sendtime.warehouse.WarehouseSettings.class);
            out.printf("bench load: %,d customers, heap max %d MB, %d cores, DuckDB memory %s / %d threads, work dir %s%n",
                    customers, HeapWatch.maxBytes() >> 20, Runtime.getRuntime().availableProcessors(),
                    warehouse.memoryLimit(), warehouse.threads(), work);
            out.flush();
            try {
                var result = new io.sendtime.load.LoadBenchmark(work, services.get(io.sendtime.load.LoadSettings.class),
                        warehouse).run(customers, out);
                double full = Extract.seconds(result.fullRebuild());
                out.printf("%nfull rebuild / reference = %.2f (target <= 1.5)   incremental / full rebuild = %.2f"
                                + " (target <= 0.10)   peak heap %d MB (target < 1024)%n",
                        full / Extract.seconds(result.reference()), Extract.seconds(result.incremental()) / full,
                        result.peakHeapBytes() >> 20);
                out.flush();
            } finally {
                if (!keep) {
                    try (var paths = Files.walk(work)) {
                        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Render throughput on a warehouse of synthetic profiles (built like bench load), in one run:",
                    " (a) a whole render of the campaign, end to end: DuckDB read -> Velocity -> DuckDB + export;",
                    " (b) reference: Velocity merging alone on all cores, on the same contexts.",
                    "Targets: (a) at least 200,000 recipients/s, (a)/(b) at least 0.6, heap under 1 GB."})
    static class Render implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--customers", defaultValue = "1000000", description = "Profiles (default ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--campaign", defaultValue = "recommendations-newsletter",
                description = "Campaign to render (default ${DEFAULT-VALUE}, 8 tokens).")
        String campaign;

        @Option(names = "--dir", description = "Work directory (default <var>/bench/render-<time>; removed afterwards unless --keep).")
        Path dir;

        @Option(names = "--keep", description = "Keep the work directory.")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Services services = SendtimeCommand.root(spec).services();
            Path work = dir != null ? dir : Path.of(System.getenv().getOrDefault("SENDTIME_VAR", "var"), "bench",
                    "render-" + Instant.now().getEpochSecond());
            Files.createDirectories(work);
            var warehouseSettings = services.get(io.sendtime.warehouse.WarehouseSettings.class);
            var renderSettings = services.get(io.sendtime.render.RenderSettings.class);
            out.printf("bench render: %,d profiles, campaign %s, heap max %d MB, %d cores, %d render threads, work dir %s%n",
                    customers, campaign, HeapWatch.maxBytes() >> 20, Runtime.getRuntime().availableProcessors(),
                    renderSettings.threads(), work);
            out.flush();
            try {
                var warehouse = new io.sendtime.load.LoadBenchmark(work, services.get(io.sendtime.load.LoadSettings.class),
                        warehouseSettings).prepare(customers, out);
                var result = new io.sendtime.render.RenderBenchmark(renderSettings).run(warehouse,
                        new io.sendtime.lake.Lake(work.resolve("lake").toUri(), Map.of()),
                        services.get(io.sendtime.source.SourceClients.class),
                        services.get(io.sendtime.transform.TransformSettings.class), campaign, out);
                out.printf("%nend to end %,.0f recipients/s (target >= 200,000)   end to end / merge only = %.2f"
                                + " (target >= 0.6)   peak heap %d MB (target < 1024)%n",
                        result.endToEnd().recipientsPerSecond(),
                        result.endToEnd().recipientsPerSecond() / result.mergeOnlyPerSecond(), result.peakHeapBytes() >> 20);
                out.flush();
            } finally {
                if (!keep) {
                    try (var paths = Files.walk(work)) {
                        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
            return ExitCodes.OK;
        }
    }
}
