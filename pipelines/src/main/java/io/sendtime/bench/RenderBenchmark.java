package io.sendtime.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.sendtime.config.CatalogSettings;
import io.sendtime.config.ConsentSettings;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RawSchemas;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.render.CampaignCatalog;
import io.sendtime.render.RenderReference;
import io.sendtime.render.RenderService;
import io.sendtime.render.RenderSettings;
import io.sendtime.render.RenderSummary;
import io.sendtime.render.SendRender;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.Entity;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseQueries;

/**
 * {@code ./sendtime bench render}: on a warehouse of synthetic profiles, with the sample APIs started on loopback
 * (the commerce API serving the warehouse's own catalogue, sql/bench/render_products_feed.sql; the CRM and
 * commerce consent feeds empty), (a) a whole render of a campaign end to end, as a send runs it: price and stock
 * refreshed from the commerce API, consent refreshed from the sources, the audience selected in DuckDB, the
 * recipients rendered on all cores, token sets written and published, the export written; and (b) the reference
 * ({@link RenderReference}): the part of that render no implementation can skip, on every recipient of the same
 * send, on the same threads, in the same run.
 * <p>The send is rendered twice, as a re-render of it replaces its token sets. The first render (a0) is what a fresh
 * {@code sendtime run render} process gives: the JIT compiles the render's code while it runs. The second (a) runs compiled
 * code, as the reference (b) does, which runs after both: (a)/(b) compares like with like, and (a0)/(b) is printed
 * beside it, so the JIT's share of a one-off process shows.
 */
public final class RenderBenchmark {

    /**
     * What one run measured: the render's summary (with its steps' times), the reference, the peak heap.
     */
    public record Result(String campaign, long audience, long rendered, long endToEndMillis, double endToEndPerSecond,
                         Map<String, Long> endToEndStepMillis, String stockSource, long firstEndToEndMillis,
                         double firstEndToEndPerSecond, Map<String, Long> firstEndToEndStepMillis,
                         long referenceRecipients, long referenceMillis, double referencePerSecond, double ratio,
                         double firstRatio, long peakHeapBytes) {}

    private final RenderSettings settings;

    public RenderBenchmark(RenderSettings settings) {
        this.settings = settings;
    }

    public Result run(Warehouse warehouse, Lake lake, Path work, SourceClients sources, CatalogSettings catalog,
                      SuppressionList suppressions, ConsentSettings consent, String campaignId, PrintWriter out)
            throws Exception {
        Path feed = writeFeed(warehouse, work.resolve("sample-apis"));
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.directory(feed))
                .rateLimit(new RateLimit(100_000, 100_000)).build())) {
            sources.useSecrets(SecretResolver.of(Map.of(
                    "SENDTIME_CRM_TOKEN", apis.crmToken(), "SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
            for (String source : new String[] {"crm", "commerce"}) {
                sources.override(sources.definition(source).withBaseUrl(apis.baseUrl().toString()));
            }
            SendRender render = new SendRender(warehouse, new WarehouseQueries(warehouse), lake, settings, sources, catalog,
                    suppressions, consent, new RawSchemas());
            int tokens = new CampaignCatalog(settings.templates()).compile(campaignId).campaign().tokens().size();
            try (HeapWatch heap = new HeapWatch()) {
                RenderSummary first = render.render(new RenderService.RenderRequest(campaignId, Instant.now(), "bench", true));
                print(out, "(a0) first render in this process (the JIT compiling as it runs)", first, tokens, apis);
                RenderSummary summary = render.render(new RenderService.RenderRequest(campaignId, Instant.now(), "bench", true));
                print(out, "(a) the same send rendered again (compiled code, as the reference runs)", summary, tokens, apis);

                RenderReference.Result reference = new RenderReference(warehouse, settings, sources, catalog)
                        .run(campaignId, io.sendtime.render.SuppressionCheck.of(suppressions));
                out.printf("(b) reference, every recipient of the send on the same %d threads: context (JSON, money,"
                                + " recommendations) -> Velocity -> the export's JSON line, rows read before the clock: %,d in %.1f s:"
                                + " %,.0f recipients/s (selecting and reading the rows took %.1f s more)%n", settings.threads(),
                        reference.recipients(), reference.took().toMillis() / 1000.0, reference.perSecond(),
                        reference.reading().toMillis() / 1000.0);
                out.flush();
                return new Result(campaignId, summary.audience(), summary.rendered(), summary.duration().toMillis(),
                        summary.recipientsPerSecond(), summary.stepMillis(), summary.stockSource(),
                        first.duration().toMillis(), first.recipientsPerSecond(), first.stepMillis(), reference.recipients(),
                        reference.took().toMillis(), reference.perSecond(),
                        summary.recipientsPerSecond() / reference.perSecond(),
                        first.recipientsPerSecond() / reference.perSecond(), heap.peakBytes());
            }
        }
    }

    private static void print(PrintWriter out, String label, RenderSummary summary, int tokens, SampleApis apis) {
        out.printf("%s: %,d rendered (%,d in the audience, %d tokens each) in %.1f s: %,.0f recipients/s%n", label,
                summary.rendered(), summary.audience(), tokens, summary.duration().toMillis() / 1000.0,
                summary.recipientsPerSecond());
        out.printf("    steps (ms): %s%n", summary.stepMillis());
        out.printf("    price and stock: from the %s (%d sample API requests so far); consent: %s (%d statements)%n",
                "api".equals(summary.stockSource()) ? "sample commerce API over loopback" : "lake (the API failed)",
                apis.requestCount(), summary.consent().source(), summary.consent().statements());
        out.flush();
    }

    /**
     * A data-samples style directory for the sample APIs: the commerce products feed made from the warehouse's
     * catalogue, every other feed empty.
     */
    private static Path writeFeed(Warehouse warehouse, Path dir) throws IOException {
        for (Entity e : Entity.values()) {
            Path file = dir.resolve(e.file());
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
        }
        Path products = dir.resolve(Entity.PRODUCTS.file());
        // a write handle: read handles have no file access (the warehouse's read-only settings)
        warehouse.write("bench", h -> {
            SqlScript.load("bench/render_products_feed.sql").run(h, Map.of(), Map.of("feed", products.toString()));
            return null;
        });
        return dir;
    }
}
