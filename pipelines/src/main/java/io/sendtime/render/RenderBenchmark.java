package io.sendtime.render;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import io.sendtime.bench.HeapWatch;
import io.sendtime.lake.Lake;
import io.sendtime.load.WarehouseQueries;
import io.sendtime.source.SourceClients;
import io.sendtime.transform.TransformSettings;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;

/**
 * {@code ./sendtime bench render}: on a warehouse of synthetic profiles, (a) a whole render of a campaign,
 * end to end (DuckDB read → Velocity → token sets in DuckDB + Parquet/JSONL export), and (b) the
 * reference: Velocity merging alone, on all cores, on the same contexts (a sample held in memory,
 * merged repeatedly).
 */
public final class RenderBenchmark {

    /** What one run measured. */
    public record Result(RenderSummary endToEnd, long mergedRecipients, Duration mergeOnly, long peakHeapBytes) {

        public double mergeOnlyPerSecond() {
            return mergedRecipients / Math.max(0.001, mergeOnly.toMillis() / 1000.0);
        }
    }

    private static final int SAMPLE = 20_000;

    private final RenderSettings settings;

    public RenderBenchmark(RenderSettings settings) {
        this.settings = settings;
    }

    public Result run(Warehouse warehouse, Lake lake, SourceClients sources, TransformSettings transform, String campaignId,
                      PrintWriter out) throws Exception {
        RenderService service = new RenderService(warehouse, new WarehouseQueries(warehouse), lake, settings, sources,
                transform);
        try (HeapWatch heap = new HeapWatch()) {
            RenderSummary summary = service.render(new RenderService.RenderRequest(campaignId, Instant.now(), "bench", true));
            out.printf("(a) end to end: %,d rendered (%,d in the audience, %d tokens each) in %.1f s: %,.0f recipients/s%n",
                    summary.rendered(), summary.audience(), service.catalog().compile(campaignId).campaign().tokens().size(),
                    summary.duration().toMillis() / 1000.0, summary.recipientsPerSecond());
            out.flush();

            CompiledCampaign campaign = service.catalog().compile(campaignId);
            List<Map<String, Object>> contexts = sample(warehouse, campaign);
            long total = Math.max(summary.rendered(), contexts.size());
            ForkJoinPool pool = new ForkJoinPool(settings.threads());
            Instant t0 = Instant.now();
            long merged = 0;
            try {
                while (merged < total) {
                    pool.submit(() -> contexts.parallelStream().forEach(campaign::render)).get();
                    merged += contexts.size();
                }
            } finally {
                pool.shutdown();
            }
            Duration mergeOnly = Duration.between(t0, Instant.now());
            Result result = new Result(summary, merged, mergeOnly, heap.peakBytes());
            out.printf("(b) Velocity merge only, same contexts (%,d held, merged %,d times): %,.0f recipients/s%n",
                    contexts.size(), merged / Math.max(1, contexts.size()), result.mergeOnlyPerSecond());
            out.flush();
            return result;
        }
    }

    /** The first recipients of the campaign's audience as contexts, read like the render reads them. */
    private static List<Map<String, Object>> sample(Warehouse warehouse, CompiledCampaign campaign) throws Exception {
        return warehouse.read(h -> {
            h.execute("SET VARIABLE render_at = ?::TIMESTAMPTZ", Timestamp.from(Instant.now()));
            RecipientSelection.select(h, campaign, List.of(), RenderService.segmentFilter(campaign.campaign()),
                    RenderService.sqlFilter(campaign.campaign()), false);
            List<Map<String, Object>> contexts = new ArrayList<>(SAMPLE);
            RecipientRows.Lookups lookups = RecipientRows.Lookups.load(h.getConnection());
            try (Statement s = h.getConnection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM render_recipients"
                         + " LIMIT " + SAMPLE)) {
                RecipientRows rows = new RecipientRows(lookups);
                while (rs.next()) {
                    contexts.add(rows.next(rs));
                }
            }
            return contexts;
        });
    }
}
