package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;
import io.sendtime.config.SqlFiles;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;

/**
 * The send's warehouse write, in one transaction: selects the recipients ({@link RecipientSelection}),
 * renders them on all cores into the export files ({@link RenderPipeline}, {@link ExportFiles}), replaces the
 * send's token sets (from the export's Parquet) and rejections (sql/render/publish.sql), writes its summary row.
 */
final class TokenSetWriter {

    private static final Logger log = LoggerFactory.getLogger(TokenSetWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Warehouse warehouse;
    private final int threads;
    private final int batchSize;

    TokenSetWriter(Warehouse warehouse, int threads, int batchSize) {
        this.warehouse = warehouse;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    RenderCounts write(RenderService.RenderRequest request, SendPlan plan, List<ProductRefresh.Stock> products,
                       ConsentCheck consent, SuppressionCheck suppressed, String stockSource, int stockSkipped,
                       Instant renderAt,
                       Path exportDir, Instant started) {
        CompiledCampaign campaign = plan.campaign();
        try {
            RenderCounts counts = warehouse.write("render", h -> {
                RecipientSelection.variables(h, campaign, renderAt, plan.sendId(), plan.freshness().loadId(), null);
                long t0 = System.nanoTime();
                // the suppression list is checked by the render threads (RenderPipeline), not here
                RecipientSelection.select(h, campaign, products, consent.refreshed(),
                        RecipientSelection.sqlFilter(campaign.campaign()), false, null);
                long t1 = System.nanoTime();
                RecipientRows.Lookups lookups = RecipientRows.Lookups.load(h, campaign.campaign(), renderAt);
                long tLookups = System.nanoTime();
                ExportFiles export = new ExportFiles(exportDir, campaign.campaign().id(), plan.sendId(),
                        consent.checkedAt(), h.createQuery(SqlFiles.text("render/consent_checked_at_text.sql"))
                                .bind("at", Timestamp.from(consent.checkedAt())).mapTo(String.class).one());
                RenderCounts c;
                try {
                    c = new RenderPipeline(campaign, threads, batchSize, suppressed).run(h.getConnection(), lookups, export);
                } catch (Exception | Error e) {
                    export.abandon();
                    throw e;
                }
                export.close();
                c.money(lookups.money());
                SendLimits.check(campaign.campaign(), plan.sendId(), c);
                long t2 = System.nanoTime();
                SqlScript.load("render/publish.sql").run(h, Map.of(), Map.of("tokenSetsFile", export.tokenSetsFile().toString()));
                long t3 = System.nanoTime();
                c.audience = h.createQuery(SqlFiles.text("render/audience_size.sql")).mapTo(Long.class).one();
                c.excluded = RecipientSelection.excluded(h);
                Duration took = Duration.between(started, Instant.now());
                h.createUpdate(SqlFiles.text("render/insert_summary.sql"))
                        .bind("campaign", campaign.campaign().id()).bind("send", plan.sendId())
                        .bind("sendAt", Timestamp.from(request.sendAt())).bind("renderAt", Timestamp.from(renderAt))
                        .bind("version", plan.freshness().loadId()).bind("asOf", Timestamp.from(plan.freshness().asOf()))
                        .bind("age", plan.age().toSeconds()).bind("stale", plan.stale()).bind("audience", c.audience)
                        .bind("rendered", c.rendered).bind("excluded", json(c.excluded)).bind("rejected", json(c.rejected))
                        .bind("fallbacks", json(c.fallbacks)).bind("variants", json(c.variants))
                        .bind("source", stockSource).bind("ms", took.toMillis())
                        .bind("export", exportDir.toString()).bind("consentSource", consent.source())
                        .bind("consentCheckedAt", Timestamp.from(consent.checkedAt()))
                        .bind("consentStatements", consent.refreshed().records())
                        .bind("consentNote", consent.note()).bind("stockSkipped", stockSkipped)
                        .bindByType("ratesDate", c.ratesDate == null ? null : java.sql.Date.valueOf(c.ratesDate),
                                java.sql.Date.class)
                        .bind("moneyConverted", c.moneyConverted).bind("moneyUnconvertible", c.moneyUnconvertible)
                        .execute();
                RenderLookups.write(h, exportDir, campaign.campaign().id(), plan.sendId(), renderAt);
                writeMergeFields(campaign, exportDir.resolve("merge_fields.json"));
                writeSendInfo(campaign, plan, renderAt, exportDir);
                long t4 = System.nanoTime();
                c.step("audience", t1 - t0);
                c.step("lookups", tLookups - t1);
                c.step("read", c.readNanos);
                c.step("render_wait", c.renderWaitNanos);
                c.step("write_export", c.writeNanos);
                c.step("publish", t3 - t2);
                c.step("summary", t4 - t3);
                c.committing = System.nanoTime();
                return c;
            });
            counts.step("commit", System.nanoTime() - counts.committing);
            log.info("render {}: steps (ms) {}", plan.sendId(), counts.stepMillis);
            return counts;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("render failed: " + ErrorMessages.oneLine(e), e);
        }
    }

    /**
     * How each email service should merge each token ({@link TokenContext}): what was escaped here must not be
     * escaped again, and what was not must be.
     */
    private static void writeMergeFields(CompiledCampaign campaign, Path file) {
        List<Map<String, Object>> tokens = new java.util.ArrayList<>();
        for (Campaign.Token token : campaign.campaign().tokens()) {
            TokenContext context = campaign.contextOf(token.name());
            Map<String, Object> merge = new java.util.LinkedHashMap<>();
            merge.put("sendgrid", context.sendgrid(token.name()));
            merge.put("liquid", context.liquid(token.name()));
            Map<String, Object> field = new java.util.LinkedHashMap<>();
            field.put("name", token.name());
            field.put("context", context.label());
            field.put("merge", merge);
            tokens.add(field);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("campaign", campaign.campaign().id());
        out.put("tokens", tokens);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** What sendtime serve needs to serve this render (ExportPublisher.SendInfo): its time, snapshot, caching, fallbacks. */
    private static void writeSendInfo(CompiledCampaign campaign, SendPlan plan, Instant renderAt, Path exportDir) {
        Map<String, String> fallbacks = new java.util.LinkedHashMap<>();
        for (Campaign.Token token : campaign.campaign().tokens()) {
            fallbacks.put(token.name(), TokenContext.isBlank(token.fallback()) ? "" : token.fallback());
        }
        var info = new io.sendtime.lake.ExportPublisher.SendInfo(campaign.campaign().id(), plan.sendId(),
                exportDir.getFileName().toString(), renderAt, plan.freshness().loadId(),
                campaign.campaign().cacheMaxAge().toSeconds(), fallbacks);
        io.sendtime.lake.ExportPublisher.writeSendInfo(exportDir, info);
    }

    private static String json(Map<String, Long> counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write counts as JSON", e);
        }
    }
}
