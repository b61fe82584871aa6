package io.sendtime.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

/**
 * {@code ./sendtime bench extract}: on a generated commerce dataset, in one run, (a) the extract job end to
 * end from the sample commerce API over loopback to committed raw Parquet, twice: (a0) the first run, in a JVM that has
 * run no extract yet (a third of its CPU goes to compiling code at this size), then (a) a full re-extract of the same
 * window, with compiled code, as (b) and (c) run; (b) the conversion alone (JSON
 * lines on disk → parse, validate, Parquet, with the extract job's own classes: {@link
 * io.sendtime.extract.ParallelPageConversion} and {@link io.sendtime.extract.RawChunkWriter}) and (c) DuckDB's own
 * {@code read_json} → {@code COPY} of the same files as the reference; (b) and (c) each on one thread and on all
 * cores, so that they compare like with like. With {@code --peer dlt}, dlt reads the same API right after (a0)
 * ({@link DltPeerBenchmark}), and is compared with (a0), each in a process that has run no extract before. The
 * caller prints (a)'s summary and the totals.
 */
public final class ExtractBenchmark {

    /** Records handled and the time it took. */
    public record Figure(long records, Duration took) {
        public double perSecond() {
            return records / Rates.seconds(took);
        }
    }

    /**
     * What one run measured. (b1)/(c1) and (bN)/(cN) are the ratios the target is set on; {@code peer} is null
     * without {@code --peer}.
     */
    public record Result(ExtractSummary extract, Figure firstEndToEnd, Duration firstEndToEndCpu, Figure endToEnd,
                         Duration endToEndCpu, int threads, Figure conversion1, Figure conversionN,
                         Figure reference1, Figure referenceN, long peakHeapEndToEnd, long peakHeapConversion,
                         DltPeerBenchmark.Result peer) {

        public double ratio1() {
            return conversion1.perSecond() / reference1.perSecond();
        }

        public double ratioN() {
            return conversionN.perSecond() / referenceN.perSecond();
        }

        /** sendtime's first end-to-end rate (a0) over the peer's; NaN without a peer. */
        public double peerRatio() {
            return peer == null ? Double.NaN : firstEndToEnd.perSecond() / peer.perSecond();
        }
    }

    private final SourceClients sources;
    private final ExtractService extract;
    private final Path work;
    private final Path lakeRoot;

    /** @param lakeRoot where the extract job's lake is (its raw files are compared with the peer's) */
    public ExtractBenchmark(SourceClients sources, ExtractService extract, Path work, Path lakeRoot) {
        this.sources = sources;
        this.extract = extract;
        this.work = work;
        this.lakeRoot = lakeRoot;
    }

    /**
     * @param peer a {@link DltPeerBenchmark} to run against the same API after (a), or null
     * @return null when the end-to-end extract failed (its summary printed)
     */
    public Result run(int customers, long seed, DltPeerBenchmark peer, PrintWriter out, PrintWriter err)
            throws Exception {
        Path venv = peer == null ? null : peer.venv(out); // installed before anything is timed
        // (a0) and (a) end to end through the extract job
        Timed first;
        Timed again;
        DltPeerBenchmark.Result peerResult = null;
        SourceDefinition commerce;
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.generated(seed, customers))
                .rateLimit(new RateLimit(100_000, 100_000)).build())) {
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
            sources.override(sources.definition("commerce").withBaseUrl(apis.baseUrl().toString()));
            commerce = sources.definition("commerce");
            Instant to = Instant.now(); // every side reads the same window: everything up to now
            first = timed(new ExtractRequest("commerce", List.of(), null, to, false), err);
            if (first == null) {
                return null;
            }
            if (peer != null) {
                // before (a) adds a second run's raw files: the peer's output is compared with (a0)'s
                out.println("  dlt peer: reading the same API ...");
                out.flush();
                int pageSize = commerce.pageSizeOf("customers");
                peerResult = peer.run(venv, apis.baseUrl().toString(), apis.commerceToken(), to, pageSize,
                        List.copyOf(commerce.entities().keySet()), lakeRoot.resolve("raw").resolve("commerce"), out);
            }
            again = timed(new ExtractRequest("commerce", List.of(), null, to, true), err);
            if (again == null) {
                return null;
            }
        }

        // (b) and (c) on the same records as JSON lines on disk, each on one thread and on all cores
        int cores = Runtime.getRuntime().availableProcessors();
        Path json = work.resolve("json");
        new SampleGenerator(seed, customers).writeDataset(json);
        long[] records = new long[4];
        Duration[] took = {Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO};
        long heapB;
        int pagesPerChunk = extract.settings().pagesPerChunk();
        try (HeapWatch heap = new HeapWatch()) {
            for (Entity entity : Entity.values()) {
                if (entity.system() != Entity.SourceSystem.COMMERCE) {
                    continue;
                }
                String name = entity.name().toLowerCase(Locale.ROOT);
                Path file = json.resolve(entity.file());
                int pageSize = commerce.pageSizeOf(name);
                ConversionBenchmark.Timing[] t = {
                        ConversionBenchmark.sendtime(file, "commerce", name, commerce.entity(name),
                                clean(work.resolve("conversion-1")), pageSize, pagesPerChunk, 1),
                        ConversionBenchmark.sendtime(file, "commerce", name, commerce.entity(name),
                                clean(work.resolve("conversion-n")), pageSize, pagesPerChunk, cores),
                        ConversionBenchmark.duckdb(file, work.resolve("duckdb-1-" + name + ".parquet"), 1),
                        ConversionBenchmark.duckdb(file, work.resolve("duckdb-n-" + name + ".parquet"), cores)};
                for (int i = 0; i < 4; i++) {
                    records[i] += t[i].records();
                    took[i] = took[i].plus(t[i].took());
                }
                out.printf("  %-18s 1 thread: conversion %,9.0f  duckdb %,9.0f rec/s   %d threads: conversion %,9.0f"
                                + "  duckdb %,9.0f rec/s   (%,d records)%n", name, t[0].perSecond(), t[2].perSecond(),
                        cores, t[1].perSecond(), t[3].perSecond(), t[0].records());
                out.flush();
            }
            heapB = heap.peakBytes();
        }
        return new Result(again.summary(), first.figure(), first.cpu(), again.figure(), again.cpu(), cores,
                new Figure(records[0], took[0]), new Figure(records[1], took[1]), new Figure(records[2], took[2]),
                new Figure(records[3], took[3]), Math.max(first.peakHeap(), again.peakHeap()), heapB, peerResult);
    }

    /** One end-to-end extract, its time, its CPU and its peak heap. */
    private record Timed(ExtractSummary summary, Figure figure, Duration cpu, long peakHeap) {}

    /** Runs one extract; null (its failure printed) when it did not succeed. */
    private Timed timed(ExtractRequest request, PrintWriter err) {
        long cpu0 = processCpuNanos();
        ExtractSummary summary;
        long peak;
        try (HeapWatch heap = new HeapWatch()) {
            summary = extract.run(request);
            peak = heap.peakBytes();
        }
        Duration cpu = Duration.ofNanos(processCpuNanos() - cpu0);
        if (!summary.succeeded()) {
            err.println("sendtime: bench extract failed: " + summary.failure());
            return null;
        }
        return new Timed(summary, new Figure(summary.written(), summary.took()), cpu, peak);
    }

    /**
     * CPU time of this whole process (the sample API included: it serves from this JVM), a steadier figure than
     * wall time on a shared machine.
     */
    static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** An empty directory for one conversion run (the previous run's files removed, not timed). */
    private static Path clean(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }
}
