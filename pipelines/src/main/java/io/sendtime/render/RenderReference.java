package io.sendtime.render;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import io.sendtime.config.CatalogSettings;
import io.sendtime.config.SqlFiles;
import io.sendtime.lake.RawSchemas;
import io.sendtime.source.SourceClients;
import io.sendtime.warehouse.Warehouse;

/**
 * The render benchmark's reference: the part of a send's render that no implementation can skip, on the send's
 * own input and on the render's own threads. Every recipient of the send is selected as the render selects them
 * (with price and stock from the commerce API, as the render refreshes them) and read as the render threads
 * receive them, in batches; neither is timed. What is timed is only, per batch on the render's pool: the template
 * context (its JSON, money in the email's currency, recommendations scored, products resolved), the campaign's
 * templates merged, and the recipient serialized as the export's JSON line ({@link ExportFiles#jsonLine}). Nothing is
 * written and nothing is kept: the export's Parquet encoding, which the send does on one thread, is not in it.
 */
public final class RenderReference {

    /**
     * Recipients merged, the time the timed part took, how many bytes of JSON lines it serialized, and the time its
     * rows took to read (the audience selected, the contexts made by DuckDB and fetched over JDBC; not timed).
     */
    public record Result(long recipients, Duration took, long serializedBytes, Duration reading) {

        public double perSecond() {
            return recipients / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    /** consent_checked_at as the export's lines show it: any instant's text has the same length. */
    private static final String CONSENT_TEXT = "2026-12-02 10:57:25.896271+00";

    /** Rows held at once: a batch's contexts, read before the clock starts (the render itself holds 2 of 2,048). */
    private static final int BATCH = 25_000;

    private final Warehouse warehouse;
    private final RenderSettings settings;
    private final SourceClients sources;
    private final CatalogSettings catalog;

    public RenderReference(Warehouse warehouse, RenderSettings settings, SourceClients sources, CatalogSettings catalog) {
        this.warehouse = warehouse;
        this.settings = settings;
        this.sources = sources;
        this.catalog = catalog;
    }

    /** @param suppressions the suppression list, asked about each recipient on the render threads as the send does */
    public Result run(String campaignId, SuppressionCheck suppressions) throws Exception {
        CompiledCampaign campaign = new CampaignCatalog(settings.templates()).compile(campaignId);
        List<ProductRefresh.Stock> stock = new ProductRefresh(sources, settings.stockSource(), catalog.currency(),
                new RawSchemas()).fetch().products();
        Instant renderAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ForkJoinPool pool = new ForkJoinPool(settings.threads());
        try {
            return warehouse.read(h -> {
                long start = System.nanoTime();
                RecipientSelection.variables(h, campaign, renderAt, "reference", 0, null);
                RecipientSelection.select(h, campaign, stock, ConsentRefresh.Refreshed.none(renderAt),
                        RecipientSelection.sqlFilter(campaign.campaign()), false, null);
                RecipientRows rows = new RecipientRows(RecipientRows.Lookups.load(h, campaign.campaign(), renderAt));
                long recipients = 0;
                long bytes = 0;
                long nanos = 0;
                try (Statement statement = h.getConnection().createStatement();
                     ResultSet rs = statement.executeQuery(SqlFiles.text("render/recipients_all.sql"))) {
                    List<Object[]> batch = new ArrayList<>(BATCH);
                    boolean more = true;
                    while (more) {
                        batch.clear();
                        while (batch.size() < BATCH && (more = rs.next())) {
                            batch.add(rows.read(rs));
                        }
                        if (batch.isEmpty()) {
                            break;
                        }
                        List<Object[]> todo = batch;
                        long t0 = System.nanoTime();
                        bytes += pool.submit(() -> todo.parallelStream()
                                .mapToLong(row -> suppressions.suppressed((String) row[RecipientRows.EMAIL]) ? 0
                                        : exportLineLength(campaignId, campaign.render(rows.context(row)), row))
                                .sum()).get();
                        nanos += System.nanoTime() - t0;
                        recipients += todo.size();
                    }
                }
                return new Result(recipients, Duration.ofNanos(nanos), bytes, Duration.ofNanos(System.nanoTime() - start - nanos));
            });
        } finally {
            pool.shutdownNow();
        }
    }

    /** The recipient's line of the export's JSON lines, serialized as the export does (rejected: nothing). */
    private static long exportLineLength(String campaignId, RenderedRecipient r, Object[] row) {
        Object email = row[RecipientRows.EMAIL];
        return r.rejected() ? 0 : ExportFiles.jsonLine(campaignId, "reference", CONSENT_TEXT, r,
                email == null ? null : email.toString()).length;
    }
}
