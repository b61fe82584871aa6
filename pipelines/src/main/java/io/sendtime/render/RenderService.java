package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.sendtime.lake.Lake;
import io.sendtime.load.WarehouseQueries;
import io.sendtime.source.SourceClients;
import io.sendtime.transform.TransformSettings;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;

/**
 * Renders one send of a campaign: checks the campaign and the snapshot's freshness before anything,
 * refreshes price and stock from the commerce API, selects the audience from the latest profiles,
 * renders every eligible recipient on all cores, and replaces the send's token sets, rejections and
 * summary in one warehouse transaction; then publishes the export (Parquet + JSONL) by switching the
 * send's {@code _current.json} to the new render. A crash leaves the previous complete render in place.
 */
@Service
public class RenderService {

    private static final Logger log = LoggerFactory.getLogger(RenderService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};

    /** @param sendId defaults to the send time */
    public record RenderRequest(String campaignId, Instant sendAt, String sendId, boolean allowStale) {

        /** The render job's parameters: campaign, send and send time identify it with the time it was asked for. */
        JobParameters toParameters() {
            return new JobParametersBuilder()
                    .addString("campaign", campaignId).addString("sendId", sendId).addString("sendAt", sendAt.toString())
                    .addString("allowStale", Boolean.toString(allowStale), false)
                    .addString("requestedAt", Instant.now().toString()).toJobParameters();
        }

        static RenderRequest from(JobParameters p) {
            return new RenderRequest(p.getString("campaign"), Instant.parse(p.getString("sendAt")), p.getString("sendId"),
                    Boolean.parseBoolean(p.getString("allowStale")));
        }
    }

    /** The run did not start: a stale snapshot, no profiles yet. Exit code 2, one line. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Warehouse warehouse;
    private final WarehouseQueries queries;
    private final Lake lake;
    private final RenderSettings settings;
    private final SourceClients sources;
    private final TransformSettings transformSettings;

    private final JobOperator jobOperator;
    private final Job renderJob;

    /** Without the job repository: {@link #render} only (the benchmark). */
    public RenderService(Warehouse warehouse, WarehouseQueries queries, Lake lake, RenderSettings settings,
                         SourceClients sources, TransformSettings transformSettings) {
        this(warehouse, queries, lake, settings, sources, transformSettings, null, null);
    }

    @Autowired
    public RenderService(Warehouse warehouse, WarehouseQueries queries, Lake lake, RenderSettings settings,
                         SourceClients sources, TransformSettings transformSettings, JobOperator jobOperator,
                         @Lazy @Qualifier("renderJob") Job renderJob) {
        this.jobOperator = jobOperator;
        this.renderJob = renderJob;
        this.warehouse = warehouse;
        this.queries = queries;
        this.lake = lake;
        this.settings = settings;
        this.sources = sources;
        this.transformSettings = transformSettings;
    }

    public CampaignCatalog catalog() {
        return new CampaignCatalog(settings.templates());
    }

    /**
     * Renders one send as a run of the Spring Batch job {@code render}. A send that cannot start (template
     * error, stale snapshot, bad send id) is {@link Refused} before any job runs; a failed run throws with
     * its cause in one line, and the send's previous render stays in place.
     */
    public RenderSummary run(RenderRequest request) {
        Instant started = Instant.now();
        CompiledCampaign campaign = catalog().compile(request.campaignId());
        String sendId = sendId(request);
        check(request, campaign, started);
        JobExecution execution;
        try {
            execution = jobOperator.start(renderJob, new RenderRequest(campaign.campaign().id(), request.sendAt(), sendId,
                    request.allowStale()).toParameters());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the render: " + SafeVelocity.oneLine(e), e);
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String failure = execution.getAllFailureExceptions().stream().findFirst()
                    .map(SafeVelocity::oneLine).orElse("the render ended " + execution.getStatus());
            throw new IllegalStateException(failure);
        }
        return summaryOf(campaign.campaign().id(), sendId);
    }

    private static String sendId(RenderRequest request) {
        String sendId = request.sendId() != null ? request.sendId()
                : request.sendAt().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        if (!sendId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new Refused("--send-id: letters, digits, '.', '_' and '-' only (up to 100): " + sendId);
        }
        return sendId;
    }

    /** The newest snapshot, when it is fresh enough for the campaign (or --allow-stale); else {@link Refused}. */
    private WarehouseQueries.Freshness check(RenderRequest request, CompiledCampaign campaign, Instant now) {
        var freshness = queries.freshness().orElseThrow(() -> new Refused(
                "no profiles yet: run ./sendtime run load before rendering"));
        Duration age = Duration.between(freshness.asOf(), now);
        if (age.compareTo(campaign.campaign().freshness()) > 0 && !request.allowStale()) {
            throw new Refused("the newest profile snapshot (load " + freshness.loadId() + ", as of " + freshness.asOf()
                    + ") is " + age.toMinutes() + " min old, older than campaign " + campaign.campaign().id()
                    + "'s freshness limit of " + campaign.campaign().freshness().toMinutes()
                    + " min: run a load first, or pass --allow-stale");
        }
        return freshness;
    }

    /** The summary row of a send's current render. */
    private RenderSummary summaryOf(String campaignId, String sendId) {
        return warehouse.read(h -> h.createQuery("""
                        SELECT send_at, snapshot_version, snapshot_age_seconds, stale_allowed, audience, rendered,
                               to_json(excluded) AS excluded, to_json(rejected) AS rejected, to_json(fallbacks) AS fallbacks,
                               to_json(variants) AS variants, stock_source, duration_ms, export_path
                        FROM render_summaries WHERE campaign_id = :campaign AND send_id = :send""")
                .bind("campaign", campaignId).bind("send", sendId)
                .map((rs, ctx) -> new RenderSummary(campaignId, sendId, rs.getTimestamp("send_at").toInstant(),
                        rs.getLong("snapshot_version"), Duration.ofSeconds(rs.getLong("snapshot_age_seconds")),
                        rs.getBoolean("stale_allowed"), rs.getLong("audience"), rs.getLong("rendered"),
                        counts(rs.getString("excluded")), counts(rs.getString("rejected")),
                        counts(rs.getString("fallbacks")), counts(rs.getString("variants")), rs.getString("stock_source"),
                        Duration.ofMillis(rs.getLong("duration_ms")), Path.of(rs.getString("export_path"))))
                .one());
    }

    private static Map<String, Long> counts(String json) {
        try {
            return JSON.readValue(json, COUNTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The render itself (the job's tasklet; the benchmark calls it directly): checks the campaign and the
     * snapshot again, refreshes stock, renders, writes the warehouse in one transaction, publishes the export.
     */
    public RenderSummary render(RenderRequest request) {
        Instant started = Instant.now();
        CompiledCampaign campaign = catalog().compile(request.campaignId());
        String sendId = sendId(request);
        var freshness = check(request, campaign, started);
        Duration age = Duration.between(freshness.asOf(), started);
        boolean stale = age.compareTo(campaign.campaign().freshness()) > 0;
        String stockSource = "api";
        List<ProductRefresh.Stock> stock;
        java.util.concurrent.ExecutorService fetcher = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            ProductRefresh refresh = new ProductRefresh(sources, settings.stockSource(), transformSettings.catalogCurrency());
            stock = fetcher.submit(refresh::fetch).get(settings.stockTimeout().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException
                 | InterruptedException | RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            if (e instanceof java.util.concurrent.TimeoutException) {
                cause = new IllegalStateException("no answer within " + settings.stockTimeout().toSeconds() + " s");
            }
            log.warn("render: price and stock from the {} API failed ({}); using the last load's stock, flagged in the summary",
                    settings.stockSource(), SafeVelocity.oneLine(cause));
            stock = List.of();
            stockSource = "lake";
        } finally {
            fetcher.shutdownNow();
        }
        Instant renderAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String renderId = renderAt.toString().replace(":", "").replace(".", "") + "-" + Long.toHexString(System.nanoTime());
        Path sendDir = exportRoot().resolve(campaign.campaign().id()).resolve(sendId);
        Path exportDir = sendDir.resolve(renderId);
        List<ProductRefresh.Stock> products = stock;
        String source = stockSource;
        RenderCounts counts;
        try {
            counts = write(request, campaign, sendId, freshness, age, stale, products, source, renderAt, exportDir, started);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("render failed: " + SafeVelocity.oneLine(e), e);
        }
        publish(sendDir, renderId);
        return new RenderSummary(campaign.campaign().id(), sendId, request.sendAt(), freshness.loadId(), age, stale,
                counts.audience, counts.rendered, counts.excluded, counts.rejected, counts.fallbacks, counts.variants,
                stockSource, Duration.between(started, Instant.now()), exportDir);
    }

    private RenderCounts write(RenderRequest request, CompiledCampaign campaign, String sendId,
                         WarehouseQueries.Freshness freshness, Duration age, boolean stale,
                         List<ProductRefresh.Stock> products, String source, Instant renderAt, Path exportDir,
                         Instant started) throws Exception {
        return warehouse.write("render", h -> {
            h.execute("SET VARIABLE render_at = ?::TIMESTAMPTZ", Timestamp.from(renderAt));
            h.execute("SET VARIABLE campaign_id = ?", campaign.campaign().id());
            h.execute("SET VARIABLE send_id = ?", sendId);
            h.execute("SET VARIABLE snapshot_version = ?::BIGINT", freshness.loadId());
            long t0 = System.nanoTime();
            RecipientSelection.select(h, campaign, products, segmentFilter(campaign.campaign()),
                    sqlFilter(campaign.campaign()), false);
            long t1 = System.nanoTime();
            RenderCounts c = new RenderPipeline(campaign, settings.threads()).run(h.getConnection());
            long t2 = System.nanoTime();
            SqlScript.load("render/publish.sql").run(h, Map.of());
            long t3 = System.nanoTime();
            c.audience = WarehouseQueriesSql.count(h, "SELECT count(*) FROM render_audience");
            c.excluded = WarehouseQueriesSql.grouped(h, "SELECT excluded_reason, count(*) FROM render_audience"
                    + " WHERE excluded_reason IS NOT NULL GROUP BY 1");
            Duration took = Duration.between(started, Instant.now());
            h.createUpdate("""
                    INSERT INTO render_summaries VALUES (:campaign, :send, :sendAt, :renderAt, :version, :asOf, :age,
                      :stale, :audience, :rendered, """ + mapLiteral(c.excluded) + ", " + mapLiteral(c.rejected) + ", "
                            + mapLiteral(c.fallbacks) + ", " + mapLiteral(c.variants) + ", :source, :ms, :export)")
                    .bind("campaign", campaign.campaign().id()).bind("send", sendId)
                    .bind("sendAt", Timestamp.from(request.sendAt())).bind("renderAt", Timestamp.from(renderAt))
                    .bind("version", freshness.loadId()).bind("asOf", Timestamp.from(freshness.asOf()))
                    .bind("age", age.toSeconds()).bind("stale", stale).bind("audience", c.audience)
                    .bind("rendered", c.rendered).bind("source", source).bind("ms", took.toMillis())
                    .bind("export", exportDir.toString()).execute();
            try {
                Files.createDirectories(exportDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + exportDir + ": " + e.getMessage(), e);
            }
            SqlScript.load("render/export.sql").run(h, Map.of("dir", exportDir.toString().replace("'", "''")));
            long t4 = System.nanoTime();
            log.info("render {}: audience {} ms, read+render+append {} ms (reading {} ms, waiting for the render threads {} ms,"
                            + " appending {} ms), publish {} ms, summary+export {} ms", sendId, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, c.readNanos / 1_000_000, c.renderWaitNanos / 1_000_000,
                    c.appendNanos / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
            return c;
        });
    }

    /**
     * One recipient's tokens as a send would render them now (lake stock, no writes), whether or not they
     * are in the campaign's audience; {@code audience} and {@code excludedReason} say whether they would get them.
     */
    public record Preview(String customerKey, boolean audience, String excludedReason, RenderedRecipient rendered) {}

    public Preview preview(String campaignId, String customer) {
        CompiledCampaign campaign = catalog().compile(campaignId);
        String key = queries.findCustomerKey(customer).orElseThrow(() -> new Refused("no profile matches " + customer
                + " (a customer key, CRM contact id, commerce customer id, email or email SHA-256)"));
        String only = "f.customer_key = '" + key.replace("'", "''") + "'";
        try {
            return previewIn(campaign, key, only);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("preview failed: " + SafeVelocity.oneLine(e), e);
        }
    }

    private Preview previewIn(CompiledCampaign campaign, String key, String only) throws Exception {
        return warehouse.read(h -> {
            h.execute("SET VARIABLE render_at = ?::TIMESTAMPTZ", Timestamp.from(Instant.now()));
            RecipientSelection.select(h, campaign, List.of(), only, "true", true);
            String excluded = h.createQuery("SELECT excluded_reason FROM render_audience").mapTo(String.class).findOne()
                    .orElse(null);
            boolean inAudience = WarehouseQueriesSql.count(h, "SELECT count(*) FROM render_audience f WHERE "
                    + segmentFilter(campaign.campaign()) + " AND (" + sqlFilter(campaign.campaign()) + ")") > 0;
            RecipientRows.Lookups lookups = RecipientRows.Lookups.load(h.getConnection());
            try (Statement statement = h.getConnection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT * FROM render_recipients")) {
                RecipientRows rows = new RecipientRows(lookups);
                if (!rs.next()) {
                    throw new Refused("customer " + key + " has no profile to render");
                }
                return new Preview(key, inAudience, excluded, campaign.render(rows.next(rs)));
            }
        });
    }

    static String segmentFilter(Campaign campaign) {
        if (campaign.segments().isEmpty()) {
            return "true";
        }
        return "f.customer_key IN (SELECT customer_key FROM segment_memberships WHERE segment IN ("
                + campaign.segments().stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", "))
                + "))";
    }

    static String sqlFilter(Campaign campaign) {
        String filter = campaign.sqlFilter();
        if (filter == null) {
            return "true";
        }
        if (filter.contains(";") || filter.contains("--")) {
            throw new TemplateException(campaign.id() + ": audience.sql_filter is one boolean expression (no ';' or '--')");
        }
        return filter;
    }

    private static String mapLiteral(Map<String, Long> map) {
        return map.entrySet().stream().map(e -> "'" + e.getKey().replace("'", "''") + "': " + e.getValue())
                .collect(Collectors.joining(", ", "MAP {", "}"));
    }

    private Path exportRoot() {
        return Path.of(lake.root()).resolve("exports");
    }

    /** Points the send's _current.json at the new render (atomic rename), then removes older renders. */
    private static void publish(Path sendDir, String renderId) {
        try {
            Path tmp = sendDir.resolve("._current.json.inprogress");
            Files.writeString(tmp, "{\"render\": \"" + renderId + "\", \"token_sets\": \"" + renderId
                    + "/token_sets.parquet\", \"recipients\": \"" + renderId + "/recipients.jsonl\"}\n");
            Files.move(tmp, sendDir.resolve("_current.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> dirs = Files.list(sendDir)) {
                for (Path old : dirs.filter(d -> Files.isDirectory(d) && !d.getFileName().toString().equals(renderId)).toList()) {
                    try (Stream<Path> files = Files.walk(old)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the export in " + sendDir + ": " + e.getMessage(), e);
        }
    }
}
