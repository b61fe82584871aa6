package io.sendtime.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.ConsentSettings;
import io.sendtime.config.SqlFiles;
import io.sendtime.load.LoadEntity;
import io.sendtime.load.LoadSettings;
import io.sendtime.model.ExchangeRates;
import io.sendtime.warehouse.RecordedRates;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * {@code ./sendtime bench load --peer dbt}: the dbt-duckdb project at bench/peers/dbt (sendtime's load as dbt models:
 * incremental staging tables, the same consents, profiles, features and segments, an SCD2 snapshot of the profiles),
 * run as a subprocess ({@code dbt build}: models and the snapshot, one command) on the same curated Parquet files as
 * sendtime's load, once for the full build and once for the delta on top of it. Each whole command is timed, and
 * after each sql/bench/peer_profile_hashes.sql compares both warehouses customer by customer; any difference fails
 * the benchmark ({@link Mismatch}).
 *
 * <p>Where the comparison may still flatter one side:
 * <ul>
 *   <li>dbt's times include its process start-up and the project parse; sendtime's JVM is warm. The project is parsed
 *       once beforehand, untimed, as a deployment keeps its manifest: the timed commands parse partially (the
 *       invocation's values come in the environment variable SENDTIME_DBT_RUN, not in --vars, which would force a full
 *       parse each time). Both are printed: the whole command and dbt's own run time (run_results.json elapsed_time).</li>
 *   <li>sendtime's times include writing the profiles snapshot for sendtime serve (Parquet in the lake), which dbt
 *       does not do: flatters dbt. That step's time is printed, and the ratios without it.</li>
 *   <li>dbt's delta recomputes every profile, consent history and segment (its table materializations), where sendtime
 *       recomputes only the customers the new versions touch; making dbt's marts incremental would need the touched
 *       keys (a version's previous owner, a product's category move) that dbt's incremental models do not carry:
 *       the idiomatic project, not a straw man, but it flatters sendtime on the delta.</li>
 *   <li>dbt's staging always sorts for keep-latest; sendtime's rebuild skips the sort when no key repeats (the
 *       one-version synthetic lake): flatters sendtime on the full build.</li>
 * </ul>
 * Same DuckDB version on both sides (bench/peers/dbt/requirements.txt), same DuckDB threads and memory_limit
 * (sendtime.warehouse), dbt's own threads = the cores.
 */
public final class DbtPeer {

    /** The peer's name in {@code --peer} and bench/peers. */
    public static final String NAME = "dbt";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One dbt invocation: the whole command's time, and dbt's own elapsed time (without start-up and parse). */
    public record Run(Duration command, Duration dbtElapsed, String dbtVersion) {}

    /** What sql/bench/peer_profile_hashes.sql found: customers on either side, and how many differ, in which part. */
    public record Check(long customers, long sendtimeProfiles, long peerProfiles, long mismatches, long features,
                        long segments, long consents, long versions, List<String> examples) {

        @Override
        public String toString() {
            return mismatches == 0
                    ? String.format("same profiles, segments, consents and versions for all %,d customers", customers)
                    : String.format("%,d of %,d customers differ (features %,d, segments %,d, consents %,d, SCD2 versions"
                            + " %,d; profiles: sendtime %,d, dbt %,d), e.g. %s", mismatches, customers, features, segments,
                    consents, versions, sendtimeProfiles, peerProfiles, examples);
        }
    }

    /** sendtime and the peer did not produce the same profiles: the benchmark fails. */
    public static final class Mismatch extends RuntimeException {
        public Mismatch(String message) {
            super(message);
        }
    }

    /**
     * Full build and delta, each: the peer's run, sendtime's time for the same step, the part of it that wrote the
     * profiles snapshot for sendtime serve (which dbt does not do), and the check.
     */
    public record Step(Run peer, Duration sendtime, Duration sendtimeServing, Check check) {
        public double ratio() {
            return sendtime.toNanos() / (double) peer.command().toNanos();
        }

        /** sendtime without writing the serve snapshot, over dbt's whole command. */
        public double ratioWithoutServing() {
            return sendtime.minus(sendtimeServing).toNanos() / (double) peer.command().toNanos();
        }
    }

    private final Path peers;
    private final Path work;
    private final WarehouseSettings warehouseSettings;
    private final LoadSettings loadSettings;
    private final ConsentSettings consent;
    private Path venv;
    private List<Map<String, Object>> segments;
    private String moneyBase = "USD";
    private List<Map<String, Object>> exchangeRates = List.of();
    private long loadId;
    private Step full;
    private Step delta;

    /**
     * @param work a directory of its own in the bench work dir: the dbt DuckDB file, dbt's target and logs
     */
    public DbtPeer(Path work, WarehouseSettings warehouseSettings, LoadSettings loadSettings, ConsentSettings consent) {
        this.peers = peersDir();
        this.work = work.toAbsolutePath();
        this.warehouseSettings = warehouseSettings;
        this.loadSettings = loadSettings;
        this.consent = consent;
    }

    /**
     * bench/peers of this checkout: {@code SENDTIME_PEERS} when set, else next to the SQL directory the launcher names
     * ({@code SENDTIME_SQL}), else under the working directory.
     */
    static Path peersDir() {
        String given = System.getenv("SENDTIME_PEERS");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        String sql = System.getenv("SENDTIME_SQL");
        Path root = sql == null || sql.isBlank() ? Path.of("") : Path.of(sql).toAbsolutePath().getParent();
        return root.resolve("bench").resolve("peers").toAbsolutePath();
    }

    /**
     * The curated files per entity, in load order, from a lookup by curated entity name (for example
     * {@code entity -> curatedFiles.localFiles(manifests, entity)}, or a synthetic lake's {@code fullFiles}).
     */
    public static Map<String, List<Path>> byEntity(Function<String, List<Path>> files) {
        Map<String, List<Path>> byEntity = new LinkedHashMap<>();
        for (LoadEntity e : LoadEntity.values()) {
            byEntity.put(e.curated(), files.apply(e.curated()));
        }
        return byEntity;
    }

    /** Makes (or reuses) the peer's virtualenv (bench/peers/venv.sh dbt, from PyPI when missing). Not timed. */
    public void prepare(PrintWriter out) throws IOException {
        Path script = peers.resolve("venv.sh");
        if (!Files.isRegularFile(script) || !Files.isDirectory(peers.resolve(NAME))) {
            throw new IllegalArgumentException("--peer dbt needs bench/peers/venv.sh and bench/peers/dbt (looked in " + peers
                    + "): run from a sendtime checkout or set SENDTIME_PEERS");
        }
        Files.createDirectories(work);
        Path venvLog = work.resolve("venv.log");
        Process p = new ProcessBuilder("bash", script.toString(), NAME).redirectError(venvLog.toFile()).start();
        String path = new String(p.getInputStream().readAllBytes()).strip();
        if (waitFor(p) != 0 || path.isEmpty()) {
            throw new IllegalStateException("bench/peers/venv.sh dbt failed (see " + venvLog + "): " + tail(venvLog));
        }
        venv = Path.of(path);
        // profiles.yml in the work dir: dbt writes its .user.yml next to it, not into the checkout
        Files.createDirectories(work.resolve("profiles"));
        Files.copy(peers.resolve(NAME).resolve("profiles.yml"), work.resolve("profiles").resolve("profiles.yml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(database());
        // the parse a deployment keeps between runs (target/partial_parse.msgpack), untimed
        Path log = work.resolve("dbt-parse.log");
        ProcessBuilder parse = dbt("parse").redirectErrorStream(true).redirectOutput(log.toFile());
        int exit = waitFor(parse.start());
        if (exit != 0) {
            throw new IllegalStateException("dbt parse failed (exit " + exit + "; see " + log + "): " + tail(log));
        }
        out.printf("peer dbt: %s, project %s, DuckDB file %s%n", venv, peers.resolve(NAME), database());
        out.flush();
    }

    /** A dbt command on the project, with the environment profiles.yml reads (the same for every command). */
    private ProcessBuilder dbt(String command) {
        ProcessBuilder pb = new ProcessBuilder(venv.resolve("bin").resolve("dbt").toString(), command,
                "--project-dir", peers.resolve(NAME).toString(), "--profiles-dir", work.resolve("profiles").toString(),
                "--target-path", work.resolve("target").toString(), "--log-path", work.resolve("logs").toString());
        Map<String, String> env = pb.environment();
        env.put("SENDTIME_DBT_DB", database().toString());
        env.put("SENDTIME_DBT_THREADS", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("SENDTIME_DBT_DUCKDB_THREADS", Integer.toString(warehouseSettings.threads()));
        env.put("SENDTIME_DBT_MEMORY", warehouseSettings.memoryLimit());
        env.put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
        env.put("DBT_USE_COLORS", "false");
        env.remove("SENDTIME_DBT_RUN");
        return pb;
    }

    /**
     * The full build: {@code dbt build} over {@code files} (curated entity -> the local files sendtime's full rebuild
     * read), as of {@code asOf}; then the check against sendtime's warehouse, which must hold the full rebuild.
     */
    public Step full(Map<String, List<Path>> files, Instant asOf, Path warehouse, Duration sendtime,
                     Duration sendtimeServing, PrintWriter out) throws IOException {
        readSettings(warehouse);
        full = step("full build", files, asOf, warehouse, sendtime, sendtimeServing, out);
        return full;
    }

    /** The delta: {@code dbt build} over the delta's files only (its incremental models merge them), then the check. */
    public Step delta(Map<String, List<Path>> files, Instant asOf, Path warehouse, Duration sendtime,
                      Duration sendtimeServing, PrintWriter out) throws IOException {
        delta = step("1% delta", files, asOf, warehouse, sendtime, sendtimeServing, out);
        return delta;
    }

    /** The two ratios against their targets (call after {@link #delta}). */
    public void summary(PrintWriter out) {
        out.printf("sendtime / dbt: full build %.2f (target <= 0.5), 1%% delta %.3f (target <= 0.05);"
                        + " without sendtime's serve snapshot: %.2f and %.3f%n",
                full.ratio(), delta.ratio(), full.ratioWithoutServing(), delta.ratioWithoutServing());
        out.flush();
    }

    public Step fullStep() {
        return full;
    }

    public Step deltaStep() {
        return delta;
    }

    private Step step(String what, Map<String, List<Path>> files, Instant asOf, Path warehouse, Duration sendtime,
                      Duration sendtimeServing, PrintWriter out) throws IOException {
        loadId++;
        Run run = build(files, asOf);
        Check check = check(warehouse, asOf);
        Step step = new Step(run, sendtime, sendtimeServing, check);
        out.printf("(peer) dbt %s, %s: %s  (dbt's own run %s, start-up and parse %s); sendtime %s (%s of it the serve"
                        + " snapshot); sendtime / dbt = %.3f%n",
                run.dbtVersion(), what, seconds(run.command()), seconds(run.dbtElapsed()),
                seconds(run.command().minus(run.dbtElapsed())), seconds(sendtime), seconds(sendtimeServing), step.ratio());
        out.println("    check: " + check);
        out.flush();
        if (check.mismatches() > 0) {
            throw new Mismatch("bench load --peer dbt: after the " + what + ", " + check
                    + "; the dbt project (bench/peers/dbt) and sendtime's load (sql/load) no longer compute the same"
                    + " profiles: fix the one that changed");
        }
        return step;
    }

    /** What sendtime's load applied that the peer must apply too: the segment rules and exchange rates in its warehouse. */
    private void readSettings(Path warehouse) {
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            SqlScript.load("bench/peer_attach.sql").run(h, Map.of(), Map.of("warehouse", warehouse.toString()));
            segments = h.createQuery(SqlFiles.text("load/segment_rules.sql"))
                    .map((rs, ctx) -> {
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("name", rs.getString(1));
                        s.put("priority", rs.getInt(2));
                        s.put("rule", rs.getString(3));
                        return s;
                    }).list();
            ExchangeRates rates = RecordedRates.read(h, "USD");
            moneyBase = rates.base();
            exchangeRates = new ArrayList<>();
            for (ExchangeRates.Rate r : rates.rates()) {
                exchangeRates.add(Map.of("rate_date", r.date().toString(), "currency", r.currency(),
                        "rate", ExchangeRates.plain(r.rate()).toPlainString(),
                        "minor_digits", ExchangeRates.digits(r.currency())));
            }
        }
    }

    private Run build(Map<String, List<Path>> files, Instant asOf) throws IOException {
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, List<String>> paths = new LinkedHashMap<>();
        files.forEach((entity, list) -> {
            if (!list.isEmpty()) {
                paths.put(entity, list.stream().map(p -> p.toAbsolutePath().toString()).toList());
            }
        });
        vars.put("files", paths);
        vars.put("load_id", loadId);
        vars.put("as_of", asOf.toString());
        vars.put("view_window_days", loadSettings.viewWindow().toDays());
        vars.put("cart_abandon_after_minutes", loadSettings.cartAbandonAfter().toMinutes());
        vars.put("subscription_channels", consent.channelOfSubscription());
        vars.put("money_base", moneyBase);
        vars.put("money_base_digits", ExchangeRates.digits(moneyBase));
        vars.put("exchange_rates", exchangeRates);
        vars.put("segments", segments);
        Path target = work.resolve("target");
        Path log = work.resolve("dbt-" + loadId + ".log");
        ProcessBuilder pb = dbt("build").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SENDTIME_DBT_RUN", JSON.writeValueAsString(vars));
        Instant t0 = Instant.now();
        int exit = waitFor(pb.start());
        Duration took = Duration.between(t0, Instant.now());
        if (exit != 0) {
            throw new IllegalStateException("dbt build failed (exit " + exit + "; see " + log + "): " + tail(log));
        }
        JsonNode results = JSON.readTree(target.resolve("run_results.json").toFile());
        Duration elapsed = Duration.ofMillis(Math.round(results.path("elapsed_time").asDouble() * 1000));
        return new Run(took, elapsed, results.path("metadata").path("dbt_version").asText("?"));
    }

    /** sql/bench/peer_profile_hashes.sql over both files, at the load's as_of. */
    private Check check(Path warehouse, Instant asOf) {
        try (Handle h = Warehouse.scratch(warehouseSettings, null).open()) {
            SqlScript.load("bench/peer_attach.sql").run(h, Map.of(), Map.of("warehouse", warehouse.toString()));
            SqlScript.load("bench/peer_attach_peer.sql").run(h, Map.of("peer", NAME), Map.of("peer", database().toString()));
            String sql = SqlScript.load("bench/peer_profile_hashes.sql").statements(Map.of("peer", NAME)).get(0);
            return h.createQuery(sql).bind("asOf", java.sql.Timestamp.from(asOf))
                    .map((rs, ctx) -> {
                        List<String> examples = new ArrayList<>();
                        Object[] keys = (Object[]) rs.getArray("examples").getArray();
                        for (Object k : keys) {
                            examples.add(String.valueOf(k));
                        }
                        return new Check(rs.getLong("customers"), rs.getLong("sendtime_profiles"),
                                rs.getLong("peer_profiles"), rs.getLong("mismatches"), rs.getLong("features"),
                                rs.getLong("segments"), rs.getLong("consents"), rs.getLong("versions"), examples);
                    }).one();
        }
    }

    /** The peer's DuckDB file; its name is the catalog dbt-duckdb writes views against, and the check attaches it as. */
    private Path database() {
        return work.resolve(NAME + ".duckdb");
    }

    private static int waitFor(Process p) throws IOException {
        try {
            if (!p.waitFor(2, TimeUnit.HOURS)) {
                p.destroyForcibly();
                throw new IOException("dbt did not finish within 2 hours");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size())).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
