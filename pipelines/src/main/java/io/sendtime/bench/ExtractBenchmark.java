package io.sendtime.bench;

import java.io.PrintWriter;
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
 * end from the sample commerce API over loopback to committed raw Parquet, (b) the conversion alone (JSON
 * lines on disk → parse, validate, Parquet) and (c) DuckDB's own {@code read_json} → {@code COPY} of the
 * same files as the reference. The caller prints (a)'s summary and the totals.
 */
public final class ExtractBenchmark {

    /** What one run measured; (b)/(c) is the ratio the target is set on. */
    public record Result(ExtractSummary extract, long endToEndRecords, Duration endToEnd, long conversionRecords, Duration conversion,
                         long referenceRecords, Duration reference, long peakHeapEndToEnd, long peakHeapConversion) {

        public double endToEndPerSecond() {
            return endToEndRecords / Rates.seconds(endToEnd);
        }

        public double conversionPerSecond() {
            return conversionRecords / Rates.seconds(conversion);
        }

        public double referencePerSecond() {
            return referenceRecords / Rates.seconds(reference);
        }
    }

    private final SourceClients sources;
    private final ExtractService extract;
    private final Path work;

    public ExtractBenchmark(SourceClients sources, ExtractService extract, Path work) {
        this.sources = sources;
        this.extract = extract;
        this.work = work;
    }

    /** @return null when the end-to-end extract failed (its summary printed) */
    public Result run(int customers, long seed, PrintWriter out, PrintWriter err) throws Exception {
        // (a) end to end through the extract job
        long endToEndRecords;
        Duration endToEnd;
        long heapA;
        ExtractSummary summaryA;
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.generated(seed, customers))
                .rateLimit(new RateLimit(100_000, 100_000)).build())) {
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
            sources.override(sources.definition("commerce").withBaseUrl(apis.baseUrl().toString()));
            ExtractSummary summary;
            try (HeapWatch heap = new HeapWatch()) {
                summary = extract.run(new ExtractRequest("commerce", List.of(), null, Instant.now(), false));
                heapA = heap.peakBytes();
            }
            if (!summary.succeeded()) {
                err.println("sendtime: bench extract failed: " + summary.failure());
                return null;
            }
            endToEndRecords = summary.written();
            endToEnd = summary.took();
            summaryA = summary;
        }

        // (b) and (c) on the same records as JSON lines on disk
        Path json = work.resolve("json");
        new SampleGenerator(seed, customers).writeDataset(json);
        SourceDefinition commerce = sources.definition("commerce");
        long recordsB = 0;
        long recordsC = 0;
        Duration timeB = Duration.ZERO;
        Duration timeC = Duration.ZERO;
        long heapB;
        try (HeapWatch heap = new HeapWatch()) {
            for (Entity entity : Entity.values()) {
                if (entity.system() != Entity.SourceSystem.COMMERCE) {
                    continue;
                }
                String name = entity.name().toLowerCase(Locale.ROOT);
                Path file = json.resolve(entity.file());
                ConversionBenchmark.Timing b = ConversionBenchmark.sendtime(file, "commerce", name, commerce.entity(name),
                        work.resolve("conversion"), 20 * commerce.pageSizeOf(name));
                ConversionBenchmark.Timing c = ConversionBenchmark.duckdb(file, work.resolve("duckdb-" + name + ".parquet"));
                recordsB += b.records();
                recordsC += c.records();
                timeB = timeB.plus(b.took());
                timeC = timeC.plus(c.took());
                out.printf("  %-18s conversion %,10.0f rec/s   duckdb %,10.0f rec/s   (%,d records)%n", name,
                        b.perSecond(), c.perSecond(), b.records());
            }
            heapB = heap.peakBytes();
        }
        return new Result(summaryA, endToEndRecords, endToEnd, recordsB, timeB, recordsC, timeC, heapA, heapB);
    }
}
