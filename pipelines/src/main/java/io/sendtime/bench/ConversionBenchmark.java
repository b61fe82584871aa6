package io.sendtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;


import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import com.fasterxml.jackson.databind.ObjectReader;

import io.sendtime.config.SqlFiles;
import io.sendtime.extract.ConvertedPage;
import io.sendtime.extract.ExtractWindow;
import io.sendtime.extract.PageConverter;
import io.sendtime.extract.SourcePage;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RawSchemas;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.lake.RecordConverter;
import io.sendtime.source.EntityDefinition;
import io.sendtime.warehouse.SqlScript;

/**
 * Measures the JSON → validated Avro → Parquet conversion alone, on records already on disk (one JSON
 * record per line), against DuckDB converting the same files with {@code read_json} → {@code COPY}.
 */
public final class ConversionBenchmark {

    /** Records converted and the time it took. */
    public record Timing(long records, Duration took) {
        public double perSecond() {
            return records / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    private static final ObjectReader JSON = new ObjectMapper().reader();

    private ConversionBenchmark() {
    }

    /** Converts {@code ndjson} with sendtime's own path (the same classes the extract job uses). */
    public static Timing sendtime(Path ndjson, String source, String entityName, EntityDefinition entity, Path outDir,
                                  int recordsPerFile) {
        Lake lake = new Lake(outDir.toUri(), Map.of());
        RawSchemas schemas = new RawSchemas();
        PageConverter converter = new PageConverter(entity, new RecordConverter(schemas.schema(source, entityName)),
                new ExtractWindow(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), null), Set.of(), "bench",
                ErasureLedger.NOBODY);
        ParquetFiles parquet = new ParquetFiles(lake);
        long start = System.nanoTime();
        long records = 0;
        int file = 0;
        try (BufferedReader in = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            List<com.fasterxml.jackson.databind.JsonNode> page = new ArrayList<>(recordsPerFile);
            String line;
            while (true) {
                line = in.readLine();
                if (line != null && !line.isBlank()) {
                    page.add(JSON.readTree(line));
                }
                if (page.size() == recordsPerFile || (line == null && !page.isEmpty())) {
                    ConvertedPage converted = converter.process(new SourcePage(file, page, Instant.now(), 1));
                    parquet.writeAtomically(lake.path("bench/sendtime-" + file + ".parquet"),
                            schemas.schema(source, entityName), converted.records());
                    records += converted.records().size();
                    file++;
                    page = new ArrayList<>(recordsPerFile);
                }
                if (line == null) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Timing(records, Duration.ofNanos(System.nanoTime() - start));
    }

    /** DuckDB's own conversion of the same file, as the reference (sql/bench/conversion_reference.sql). */
    public static Timing duckdb(Path ndjson, Path outFile) {
        long start = System.nanoTime();
        try (Handle h = Jdbi.create("jdbc:duckdb:").open()) {
            SqlScript.load("bench/conversion_reference.sql").run(h, Map.of(), Map.of(
                    "threads", Runtime.getRuntime().availableProcessors(),
                    "input", ndjson.toAbsolutePath().toString(), "output", outFile.toAbsolutePath().toString()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Timing(h.createQuery(SqlFiles.text("lake/count_rows.sql")).bind("file", outFile.toAbsolutePath().toString())
                    .mapTo(Long.class).one(), took);
        } catch (RuntimeException e) {
            throw new IllegalStateException("DuckDB reference failed: " + e.getMessage(), e);
        }
    }
}
