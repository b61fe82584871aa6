package io.sendtime.render;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sendtime.config.CatalogSettings;
import io.sendtime.config.ConsentSettings;
import io.sendtime.config.ErrorMessages;
import io.sendtime.lake.ExportPublisher;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RawSchemas;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.source.SourceClients;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseQueries;

/**
 * The render of one send (the render job's tasklet; the benchmark calls it directly): checks the campaign
 * and the snapshot again ({@link SendPlan}), refreshes price and stock from the commerce API
 * ({@link ProductRefresh}, the last load's stock when it fails), then consent from the sources
 * ({@link ConsentRefresh}: fail closed, the send is refused when it fails unless the request allows the last
 * load's consent), writes the send's token sets, rejections and summary in one warehouse transaction
 * ({@link TokenSetWriter}), then publishes the export ({@link ExportPublisher}). A crash leaves the previous
 * complete render in place.
 */
@Component
public class SendRender {

    private static final Logger log = LoggerFactory.getLogger(SendRender.class);

    private final Warehouse warehouse;
    private final WarehouseQueries queries;
    private final ExportPublisher exports;
    private final RenderSettings settings;
    private final SourceClients sources;
    private final CatalogSettings catalog;
    private final SuppressionList suppressions;
    private final ConsentSettings consent;
    private final RawSchemas rawSchemas;

    public SendRender(Warehouse warehouse, WarehouseQueries queries, Lake lake, RenderSettings settings,
                      SourceClients sources, CatalogSettings catalog, SuppressionList suppressions,
                      ConsentSettings consent, RawSchemas rawSchemas) {
        this.suppressions = suppressions;
        this.consent = consent;
        this.rawSchemas = rawSchemas;
        this.warehouse = warehouse;
        this.queries = queries;
        this.exports = new ExportPublisher(lake);
        this.settings = settings;
        this.sources = sources;
        this.catalog = catalog;
    }

    public RenderSummary render(RenderService.RenderRequest request) {
        Instant started = Instant.now();
        SendPlan plan = SendPlan.of(request, new CampaignCatalog(settings.templates()), queries, started);
        String campaignId = plan.campaign().campaign().id();
        long t0 = System.nanoTime();
        StockRefresh stock = refreshStock();
        long t1 = System.nanoTime();
        ConsentCheck consentCheck = checkConsent(request, plan);
        long t2 = System.nanoTime();
        Instant renderAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String renderId = renderAt.toString().replace(":", "").replace(".", "") + "-" + Long.toHexString(System.nanoTime());
        Path exportDir = exports.renderDir(campaignId, plan.sendId(), renderId);
        RenderCounts counts = new TokenSetWriter(warehouse, settings.threads(), settings.batchSize())
                .write(request, plan, stock.products(), consentCheck, SuppressionCheck.of(suppressions), stock.source(),
                        stock.skipped(), renderAt, exportDir, started);
        long t3 = System.nanoTime();
        exports.publish(campaignId, plan.sendId(), renderId);
        Map<String, Long> steps = new LinkedHashMap<>();
        steps.put("stock_refresh", (t1 - t0) / 1_000_000);
        steps.put("consent_refresh", (t2 - t1) / 1_000_000);
        steps.putAll(counts.stepMillis);
        steps.put("publish_export", (System.nanoTime() - t3) / 1_000_000);
        return new RenderSummary(campaignId, plan.sendId(), request.sendAt(), plan.freshness().loadId(), plan.age(),
                plan.stale(), counts.audience, counts.rendered, counts.excluded, counts.rejected, counts.fallbacks,
                counts.variants, stock.source(), stock.skipped(), Duration.between(started, Instant.now()), exportDir,
                new RenderSummary.Consent(consentCheck.source(), consentCheck.checkedAt(),
                        consentCheck.refreshed().records(), consentCheck.note()),
                new RenderSummary.MoneyValues(counts.moneyConverted, counts.moneyUnconvertible, counts.ratesDate), steps);
    }

    /**
     * Consent as the sources state it now, for every change since the data the warehouse holds; a failed
     * refresh refuses the send unless the request allows the last load's consent (then the summary says so).
     */
    private ConsentCheck checkConsent(RenderService.RenderRequest request, SendPlan plan) {
        if (consent.refresh().isEmpty()) {
            return ConsentCheck.fromLoad(plan.freshness().asOf(), "no consent refresh configured (sendtime.consent.refresh)");
        }
        try {
            ConsentRefresh.Refreshed refreshed = new ConsentRefresh(sources, consent, rawSchemas).fetch(consentSince());
            log.info("render: consent refreshed from the sources up to {} ({} records)", refreshed.checkedAt(),
                    refreshed.records());
            return ConsentCheck.fromSources(refreshed);
        } catch (ConsentRefresh.Failed e) {
            if (!request.allowStaleConsent()) {
                throw new RenderService.Refused("consent could not be checked at the sources (" + e.getMessage()
                        + "): the send is refused; fix the source, or pass --allow-stale-consent to send on the"
                        + " consent of the last load");
            }
            log.warn("render: consent refresh failed ({}); rendering on the last load's consent, allowed by"
                    + " --allow-stale-consent and recorded in the summary", e.getMessage());
            return ConsentCheck.fromLoad(plan.freshness().asOf(), "refresh failed (" + e.getMessage()
                    + "), allowed by --allow-stale-consent");
        }
    }

    /** Per consent entity ({@code source:entity}), the end of the unbroken data the warehouse holds. */
    private Map<String, Instant> consentSince() {
        Map<String, Instant> since = new HashMap<>();
        for (WarehouseQueries.Completeness c : queries.completeness()) {
            since.put(c.source() + ":" + c.entity(), c.completeTo());
        }
        return since;
    }

    /**
     * Price and stock just before the render, where they came from ("api", or "lake" when the API failed), and how
     * many products kept the last load's for a price the money rules refuse.
     */
    private record StockRefresh(List<ProductRefresh.Stock> products, String source, int skipped) {}

    private StockRefresh refreshStock() {
        ExecutorService fetcher = Executors.newSingleThreadExecutor();
        try {
            ProductRefresh refresh = new ProductRefresh(sources, settings.stockSource(), catalog.currency(), rawSchemas);
            ProductRefresh.Fetched fetched = fetcher.submit(refresh::fetch).get(settings.stockTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (fetched.skipped() > 0) {
                log.warn("render: {} product(s) from the {} API have a price the money rules refuse; they keep the last"
                        + " load's price and stock", fetched.skipped(), settings.stockSource());
            }
            return new StockRefresh(fetched.products(), "api", fetched.skipped());
        } catch (TimeoutException | ExecutionException | InterruptedException | RuntimeException e) {
            String why = e instanceof TimeoutException ? "no answer within " + settings.stockTimeout().toSeconds() + " s"
                    : ErrorMessages.message(e instanceof ExecutionException ? e.getCause() : e);
            log.warn("render: price and stock from the {} API failed ({}); using the last load's stock, flagged in the summary",
                    settings.stockSource(), why);
            return new StockRefresh(List.of(), "lake", 0);
        } finally {
            fetcher.shutdownNow();
        }
    }
}
