package io.sendtime.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.sendtime.config.SqlFiles;
import io.sendtime.extract.ConvertingChunkWriter;
import io.sendtime.extract.ExtractWindow;
import io.sendtime.extract.PageConverter;
import io.sendtime.extract.PageInConversion;
import io.sendtime.extract.ParallelPageConversion;
import io.sendtime.extract.RawChunkWriter;
import io.sendtime.extract.SourcePage;
import io.sendtime.jobs.StepCounters;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.source.EntityDefinition;
import io.sendtime.warehouse.SqlScript;

/**
 * Measures the JSON → validated Avro → Parquet conversion alone, on records already on disk (one JSON
 * record per line), against DuckDB converting the same files with {@code read_json} → {@code COPY}, each on a
 * given number of threads (DuckDB's {@code SET threads}).
 */
public final class ConversionBenchmark {

    /** Records converted and the time it took. */
    public record Timing(long records, Duration took) {
        public double perSecond() {
            return records / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class);

    private ConversionBenchmark() {
    }

    /**
     * Converts {@code ndjson} with sendtime's own path, the classes and the order of work the extract job uses:
     * records parsed from bytes into trees page by page (the job's source client does this while the previous chunk converts),
     * each page converting on {@code threads} threads ({@link ParallelPageConversion}) from the moment it is parsed,
     * chunks of {@code pagesPerChunk} pages written as one raw Parquet file each ({@link RawChunkWriter}).
     */
    public static Timing sendtime(Path ndjson, String source, String entityName, EntityDefinition entity, Path outDir,
                                  int pageSize, int pagesPerChunk, int threads) {
        Lake lake = new Lake(outDir.toUri(), Map.of());
        RawSchemas schemas = new RawSchemas();
        Schema schema = schemas.schema(source, entityName);
        ExtractWindow window = new ExtractWindow(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), null);
        ParallelPageConversion conversion = new ParallelPageConversion(threads, () -> new PageConverter(entity,
                new RecordConverter(schema), window, Set.of(), "bench", ErasureLedger.NOBODY), entityName);
        ConvertingChunkWriter writer = new ConvertingChunkWriter(conversion,
                new RawChunkWriter(lake, schema, source, entityName, "bench-" + threads + "t", LocalDate.of(2026, 1, 1)));
        ExecutionContext context = new ExecutionContext();
        writer.open(context);
        long start = System.nanoTime();
        // the records parsed from bytes, one JSON value after another, as the job's source client parses a body
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ndjson), 1 << 16);
             MappingIterator<JsonNode> values = JSON.readValues(in)) {
            List<PageInConversion> chunk = new ArrayList<>(pagesPerChunk);
            List<JsonNode> page = new ArrayList<>(pageSize);
            int pages = 0;
            while (true) {
                boolean more = values.hasNextValue();
                if (more) {
                    page.add(values.nextValue());
                }
                if (page.size() == pageSize || (!more && !page.isEmpty())) {
                    // as the job's reader does: the page starts converting while the next one is parsed
                    chunk.add(conversion.start(new SourcePage(++pages, page, Instant.now(), 1)));
                    page = new ArrayList<>(pageSize);
                }
                if (chunk.size() == pagesPerChunk || (!more && !chunk.isEmpty())) {
                    writer.write(new Chunk<>(chunk));
                    chunk = new ArrayList<>(pagesPerChunk);
                }
                if (!more) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.update(context);
            writer.close();
        }
        return new Timing(context.getLong(StepCounters.WRITTEN), Duration.ofNanos(System.nanoTime() - start));
    }

    /** DuckDB's own conversion of the same file, as the reference (sql/bench/conversion_reference.sql). */
    public static Timing duckdb(Path ndjson, Path outFile, int threads) {
        long start = System.nanoTime();
        try (Handle h = Jdbi.create("jdbc:duckdb:").open()) {
            SqlScript.load("bench/conversion_reference.sql").run(h, Map.of(), Map.of(
                    "threads", threads,
                    "input", ndjson.toAbsolutePath().toString(), "output", outFile.toAbsolutePath().toString()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Timing(h.createQuery(SqlFiles.text("lake/count_rows.sql")).bind("file", outFile.toAbsolutePath().toString())
                    .mapTo(Long.class).one(), took);
        } catch (RuntimeException e) {
            throw new IllegalStateException("DuckDB reference failed: " + e.getMessage(), e);
        }
    }
}
