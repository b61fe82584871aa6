package io.sendtime.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import io.sendtime.config.CatalogSettings;
import io.sendtime.config.ConsentSettings;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.Lake;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.render.CampaignCatalog;
import io.sendtime.render.CompiledCampaign;
import io.sendtime.render.RenderPreview;
import io.sendtime.render.RenderService;
import io.sendtime.render.RenderSettings;
import io.sendtime.render.RenderSummary;
import io.sendtime.render.SendRender;
import io.sendtime.source.SourceClients;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseQueries;

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

    /**
     * @param consent the consent settings; the benchmark starts no source API, so it renders on the synthetic
     *                load's consent (no refresh), and says so
     */
    public Result run(Warehouse warehouse, Lake lake, SourceClients sources, CatalogSettings catalog,
                      SuppressionList suppressions, ConsentSettings consent, String campaignId, PrintWriter out)
            throws Exception {
        WarehouseQueries queries = new WarehouseQueries(warehouse);
        ConsentSettings noRefresh = new ConsentSettings(consent.subscriptionChannels(), Map.of(), consent.refreshTimeout());
        SendRender render = new SendRender(warehouse, queries, lake, settings, sources, catalog, suppressions,
                noRefresh, new RawSchemas());
        CompiledCampaign campaign = new CampaignCatalog(settings.templates()).compile(campaignId);
        try (HeapWatch heap = new HeapWatch()) {
            RenderSummary summary = render.render(new RenderService.RenderRequest(campaignId, Instant.now(), "bench", true));
            out.printf("(a) end to end: %,d rendered (%,d in the audience, %d tokens each) in %.1f s: %,.0f recipients/s%n",
                    summary.rendered(), summary.audience(), campaign.campaign().tokens().size(),
                    summary.duration().toMillis() / 1000.0, summary.recipientsPerSecond());
            out.printf("    consent: the synthetic load's, not refreshed (no source API runs in this benchmark)%n");
            out.flush();

            List<Map<String, Object>> contexts = new RenderPreview(warehouse, queries, settings, null).contexts(campaign, SAMPLE);
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
}
