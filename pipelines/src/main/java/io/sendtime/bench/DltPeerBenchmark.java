package io.sendtime.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import io.sendtime.config.SqlFiles;

/**
 * {@code ./sendtime bench extract --peer dlt}: dlt (PyPI, pinned in {@code bench/peers/dlt/requirements.txt}, in a
 * virtualenv made by {@code bench/peers/venv.sh dlt}, not timed) reading the same sample commerce API over
 * loopback with its REST API source into Parquet files ({@code bench/peers/dlt/pipeline.py}), timed as a whole
 * command like sendtime's extract job; then both outputs are compared per entity with DuckDB
 * ({@code sql/bench/extract_dlt_compare.sql}: count, distinct ids and a sum of id hashes).
 *
 * <p>Where the comparison may flatter one side: dlt's time includes starting a Python interpreter and importing
 * dlt (about a second or two, measured apart as {@code startup}); sendtime's job runs in a JVM already started and
 * warmed by nothing but Spring's start. dlt unnests nested lists into child tables (its default), more work than
 * sendtime's nested Avro columns; it does not validate records against a schema or quarantine bad ones, which
 * sendtime does. Both read with the same page size (250) and two or more resources at once.
 */
public final class DltPeerBenchmark {

    /** One entity as both sides wrote it. */
    public record EntityCheck(String entity, long sendtimeRecords, long dltRecords, long sendtimeDistinctIds,
                              long dltDistinctIds, boolean sameIds) {
        public boolean same() {
            return sendtimeRecords == dltRecords && sendtimeDistinctIds == dltDistinctIds && sameIds;
        }
    }

    /** What the dlt run took and how its output compares with sendtime's. */
    public record Result(long records, Duration took, Duration startup, List<EntityCheck> checks) {
        public double perSecond() {
            return records / Rates.seconds(took);
        }

        public boolean same() {
            return checks.stream().allMatch(EntityCheck::same);
        }
    }

    private final Path peers;
    private final Path work;

    /** @param peers the repository's {@code bench/peers} directory */
    public DltPeerBenchmark(Path peers, Path work) {
        this.peers = peers;
        this.work = work;
    }

    /**
     * Finds {@code bench/peers} in the working directory or next to the SQL directory the launcher names
     * ({@code SENDTIME_SQL}).
     *
     * @throws IllegalArgumentException one line naming what to fix
     */
    public static Path peersDirectory() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("bench", "peers"));
        String sql = System.getenv("SENDTIME_SQL");
        if (sql != null && !sql.isBlank()) {
            Path parent = Path.of(sql).toAbsolutePath().getParent();
            if (parent != null) {
                candidates.add(parent.resolve("bench").resolve("peers"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("venv.sh")) && Files.isDirectory(candidate.resolve("dlt"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalArgumentException("--peer dlt needs the repository's bench/peers/dlt: run ./sendtime from the"
                + " repository (or set SENDTIME_SQL to its sql/ directory)");
    }

    /** The peer's virtualenv, installed from PyPI when missing (not timed). */
    public Path venv(PrintWriter out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", peers.resolve("venv.sh").toString(), "dlt")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || path.isEmpty()) {
            throw new IllegalStateException("bench/peers/venv.sh dlt failed (exit " + p.exitValue() + "); see above");
        }
        return Path.of(path);
    }

    /**
     * Runs the dlt pipeline against {@code baseUrl} for the window ending at {@code to} and compares its Parquet
     * with sendtime's raw files under {@code sendtimeRaw} ({@code <lake>/raw/<source>}).
     */
    public Result run(Path venv, String baseUrl, String token, Instant to, int pageSize, List<String> entities,
                      Path sendtimeRaw, PrintWriter out) throws IOException, InterruptedException {
        Path python = venv.resolve("bin").resolve("python");
        Path dir = work.resolve("dlt");
        Files.createDirectories(dir);
        Path log = work.resolve("dlt.log");

        // what starting Python and importing dlt costs, apart (it is inside the timed command too)
        long s0 = System.nanoTime();
        exec(List.of(python.toString(), "-c", "import dlt, dlt.sources.rest_api"), Map.of(), log);
        Duration startup = Duration.ofNanos(System.nanoTime() - s0);

        List<String> command = List.of(python.toString(), peers.resolve("dlt").resolve("pipeline.py").toString(),
                "--base-url", baseUrl, "--out", dir.toString(), "--to", to.toString(),
                "--page-size", Integer.toString(pageSize));
        long start = System.nanoTime();
        exec(command, Map.of("SENDTIME_COMMERCE_TOKEN", token), log);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<EntityCheck> checks = new ArrayList<>();
        long records = 0;
        try (Handle h = Jdbi.create("jdbc:duckdb:").open()) {
            for (String entity : entities) {
                Map<String, Object> s = stats(h, sendtimeRaw.resolve(entity).toAbsolutePath() + "/**/*.parquet");
                Map<String, Object> d = stats(h, dir.resolve("lake").resolve("commerce").resolve(entity)
                        .toAbsolutePath() + "/*.parquet");
                EntityCheck check = new EntityCheck(entity, n(s, "records"), n(d, "records"), n(s, "distinct_ids"),
                        n(d, "distinct_ids"), n(s, "id_hash") == n(d, "id_hash"));
                checks.add(check);
                records += check.dltRecords();
            }
        }
        return new Result(records, took, startup, checks);
    }

    private static long n(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static Map<String, Object> stats(Handle h, String glob) {
        return new LinkedHashMap<>(h.createQuery(SqlFiles.text("bench/extract_dlt_compare.sql")).bind("files", glob)
                .mapToMap().one());
    }

    private static void exec(List<String> command, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("RUNTIME__LOG_LEVEL", "WARNING");
        Process p = builder.start();
        if (!p.waitFor(1, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the dlt peer did not finish within an hour; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the dlt peer failed (exit " + p.exitValue() + "): " + lastLine(log)
                    + " (whole log: " + log + ")");
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(no output)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
