package io.sendtime.bench;

import java.io.ByteArrayOutputStream;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
     * Converts {@code ndjson} with sendtime's own path, the classes and the order of work the extract job uses: the
     * file read as bytes and cut into pages of {@code pageSize} records (the job's source client receives a page's
     * body as bytes), each page parsed and converted on {@code threads} threads ({@link ParallelPageConversion}) from
     * the moment it is cut (the job hands over a page unparsed when its Link header names the next one), chunks of
     * {@code pagesPerChunk} pages written as one raw Parquet file each ({@link RawChunkWriter}).
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
        // on one thread, page after page; on more, as the job: pages cut (fetched) and started converting up to a
        // chunk ahead by another thread (the job's prefetch thread), while this one writes the chunk before them
        ExecutorService cutter = threads == 1 ? null : Executors.newSingleThreadExecutor();
        try (InputStream in = Files.newInputStream(ndjson)) {
            PageCutter pages = new PageCutter(in, pageSize);
            Chunks chunks = new Chunks(writer, pagesPerChunk);
            if (cutter == null) {
                cut(pages, conversion, chunks::add);
            } else {
                BlockingQueue<Optional<PageInConversion>> ahead = new ArrayBlockingQueue<>(pagesPerChunk);
                Future<?> cutting = cutter.submit(() -> {
                    try {
                        cut(pages, conversion, page -> ahead.put(Optional.of(page)));
                    } finally {
                        ahead.put(Optional.empty()); // also after a failure, which cutting.get() then rethrows
                    }
                    return null;
                });
                for (Optional<PageInConversion> page = ahead.take(); page.isPresent(); page = ahead.take()) {
                    chunks.add(page.get());
                }
                cutting.get();
            }
            chunks.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            if (cutter != null) {
                cutter.shutdownNow();
            }
            writer.update(context);
            writer.close();
        }
        return new Timing(context.getLong(StepCounters.WRITTEN), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Pages gathered into chunks of {@code pagesPerChunk}, each written as the job's step writes it. */
    private static final class Chunks {
        private final ConvertingChunkWriter writer;
        private final int pagesPerChunk;
        private List<PageInConversion> chunk = new ArrayList<>();

        Chunks(ConvertingChunkWriter writer, int pagesPerChunk) {
            this.writer = writer;
            this.pagesPerChunk = pagesPerChunk;
        }

        void add(PageInConversion page) {
            chunk.add(page);
            if (chunk.size() == pagesPerChunk) {
                flush();
            }
        }

        void flush() {
            if (!chunk.isEmpty()) {
                writer.write(new Chunk<>(chunk));
                chunk = new ArrayList<>();
            }
        }
    }

    /** What receives each page cut, started converting. */
    private interface PageSink {
        void accept(PageInConversion page) throws InterruptedException;
    }

    /** Cuts every page and starts converting it (and parsing it) at once, as the job's reader does when it fetches. */
    private static void cut(PageCutter pages, ParallelPageConversion conversion, PageSink sink)
            throws IOException, InterruptedException {
        int number = 0;
        byte[] body;
        while ((body = pages.next()) != null) {
            byte[] page = body;
            sink.accept(conversion.start(new SourcePage(++number, () -> parse(page), Instant.now(), 1)));
        }
    }

    /** A page's JSON lines, one record after another, as the job parses a body. */
    private static List<JsonNode> parse(byte[] page) {
        try (MappingIterator<JsonNode> values = JSON.readValues(page)) {
            List<JsonNode> records = new ArrayList<>();
            while (values.hasNextValue()) {
                records.add(values.nextValue());
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts JSON lines into pages of {@code pageSize} lines, as bytes. */
    private static final class PageCutter {
        private final InputStream in;
        private final int pageSize;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;

        PageCutter(InputStream in, int pageSize) {
            this.in = in;
            this.pageSize = pageSize;
        }

        /** The next page's bytes, or null at the end. */
        byte[] next() throws IOException {
            ByteArrayOutputStream page = new ByteArrayOutputStream(1 << 17);
            int lines = 0;
            while (lines < pageSize) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        break;
                    }
                }
                int from = position;
                while (position < limit && lines < pageSize) {
                    if (buffer[position++] == '\n') {
                        lines++;
                    }
                }
                page.write(buffer, from, position - from);
            }
            return page.size() == 0 ? null : page.toByteArray();
        }
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
