package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.config.CatalogSettings;
import io.sendtime.config.ErrorMessages;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileLookup;
import io.sendtime.lake.RawSchemas;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.source.SourceClients;

/**
 * Open-time content ({@code GET /v1/content/<campaign>/<recipient>}, in {@code sendtime serve} only): one recipient's
 * tokens of a campaign rendered at request time, by the batch render's own code paths ({@link CompiledCampaign},
 * {@link EmailMoney}, {@link Recommender}, {@link RecipientRows}), from the current profile ({@link ProfileLookup}),
 * the campaign's newest published lookups ({@link NewestLookups}) and price and stock now ({@link OpenTimeStock}).
 * Within {@code sendtime.serve.render-budget}: the render runs on a bounded pool and is given up at the deadline.
 * Past it, or on any failure, the campaign's fallback tokens with the reason ({@link Answer#fallback}). A suppressed
 * address gets no personalised tokens. Nothing personal is logged.
 */
@Component
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
public class OpenTimeContent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenTimeContent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<HashMap<String, Object>> CONTEXT = new TypeReference<>() {};

    /**
     * What a request gets: the tokens (personalised, or the campaign's fallbacks with the {@code fallback} reason), the
     * profile's customer key and the load that published it when known, and the render whose lookups it was resolved
     * against ({@code <send>/<render>}).
     */
    public record Answer(String campaign, String customerKey, Map<String, String> tokens, String variant,
                         Instant renderedAt, Long loadId, String lookups, String fallback) {}

    /** The campaign does not exist (404): there are no fallback tokens to answer with. */
    public static final class NoCampaign extends RuntimeException {
        NoCampaign(String message) {
            super(message);
        }
    }

    /** What a campaign's recipients are resolved against: one render's lookups with one reading of the stock. */
    private record Resolved(RenderLookups.Published published, OpenTimeStock.Now stock, LocalDate on,
                            RecipientRows rows) {}

    /**
     * A campaign as its campaign.yaml says (its fallbacks), compiled on first use by a render thread (within the
     * budget), with the newest modification time of its files when it was read.
     */
    private final class Compiled {
        private final String id;
        private final Campaign campaign;
        private final long stamp;
        private CompiledCampaign compiled;

        Compiled(String id, Campaign campaign, long stamp) {
            this.id = id;
            this.campaign = campaign;
            this.stamp = stamp;
        }

        Campaign campaign() {
            return campaign;
        }

        /** @throws TemplateException when a template does not compile (file and line) */
        synchronized CompiledCampaign compiled() {
            if (compiled == null) {
                compiled = catalog.compile(id);
            }
            return compiled;
        }
    }

    private final ContentSettings settings;
    private final CampaignCatalog catalog;
    private final ObjectProvider<ProfileLookup> profiles;
    private final LiveSuppressions suppressions;
    private final NewestLookups lookups;
    private final OpenTimeStock stock;
    private final ThreadPoolExecutor renderers;
    private final Map<String, Compiled> campaigns = new ConcurrentHashMap<>();
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    public OpenTimeContent(ContentSettings settings, RenderSettings render, CatalogSettings catalogSettings,
                           SourceClients sources, RawSchemas rawSchemas, Lake lake, SuppressionList suppressionList,
                           ObjectProvider<ProfileLookup> profiles) {
        this.settings = settings;
        this.catalog = new CampaignCatalog(render.templates());
        this.profiles = profiles;
        ContentSettings.Content content = settings.content();
        this.suppressions = new LiveSuppressions(suppressionList, content.refresh());
        this.lookups = new NewestLookups(lake, content.refresh());
        this.stock = new OpenTimeStock(new ProductRefresh(sources, render.stockSource(), catalogSettings.currency(),
                rawSchemas), content.stockCache(), content.stockTimeout());
        AtomicInteger n = new AtomicInteger();
        this.renderers = new ThreadPoolExecutor(content.threads(), content.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, content.queue())), r -> {
                    Thread t = new Thread(r, "content-render-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        lookups.warmUp();
        stock.warmUp();
        renderers.submit(this::compileAll);
    }

    /** Reads and compiles every campaign, so that the first opens do not pay for it. */
    private void compileAll() {
        List<String> ids;
        try {
            ids = catalog.ids();
        } catch (RuntimeException e) {
            log.warn("content: {}", ErrorMessages.message(e));
            return;
        }
        for (String id : ids) {
            try {
                campaign(id).compiled();
            } catch (RuntimeException e) {
                log.warn("content: {}", ErrorMessages.message(e)); // and again, as template-error, on its opens
            }
        }
    }

    /**
     * One recipient's tokens of a campaign, within the render budget.
     *
     * @param recipient a customer key or the SHA-256 (hex) of the lowercased email; never logged or answered back
     * @throws NoCampaign when there is no such campaign
     */
    public Answer render(String campaignId, String recipient) {
        long deadline = System.nanoTime() + settings.renderBudget().toNanos();
        Compiled compiled = campaign(campaignId);
        Future<Answer> task;
        try {
            task = renderers.submit(() -> personalised(compiled.compiled(), recipient, deadline));
        } catch (RejectedExecutionException e) {
            return fallback(compiled.campaign(), "busy");
        }
        try {
            return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return fallback(compiled.campaign(), "budget");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ContentFallback f) {
                return fallback(compiled.campaign(), f.reason());
            }
            if (e.getCause() instanceof TemplateException t) {
                log.warn("content: {}", ErrorMessages.message(t)); // names the file and line, never a recipient
                return fallback(compiled.campaign(), "template-error");
            }
            log.warn("content: the render of {} failed: {}", campaignId, ErrorMessages.oneLine(e.getCause()));
            return fallback(compiled.campaign(), "error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return fallback(compiled.campaign(), "budget");
        }
    }

    private Answer personalised(CompiledCampaign campaign, String recipient, long deadline) {
        ProfileLookup lookup = profiles.getIfAvailable();
        if (lookup == null) {
            throw new ContentFallback("profiles-unavailable");
        }
        ProfileLookup.ServedProfile profile = lookup.find(recipient).orElseThrow(() -> new ContentFallback("unknown-recipient"));
        Map<String, Object> context;
        try {
            context = JSON.readValue(profile.contextJson(), CONTEXT);
        } catch (IOException e) {
            throw new ContentFallback("profile-unreadable");
        }
        Object email = context.get("email");
        if (suppressions.suppressed(email == null ? null : email.toString())) {
            throw new ContentFallback("suppressed");
        }
        String campaignId = campaign.campaign().id();
        RenderLookups.Published published = lookups.of(campaignId);
        OpenTimeStock.Now now = stock.get(deadline);
        RecipientRows rows = resolve(campaign.campaign(), published, now).rows();
        Map<String, Object> values = rows.context(new Object[] {profile.customerKey(), email, profile.contextJson()});
        RenderedRecipient rendered = campaign.render(values);
        if (rendered.rejected()) {
            String kind = rendered.rejection().substring(0, rendered.rejection().indexOf(':') < 0
                    ? rendered.rejection().length() : rendered.rejection().indexOf(':'));
            throw new ContentFallback(kind.equals("template_error") || kind.equals("unresolved_reference")
                    ? "template-error" : kind.replace('_', '-'));
        }
        return new Answer(campaignId, profile.customerKey(), rendered.tokens(), rendered.variant(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), profile.loadId(), published.send() + "/" + published.render(),
                null);
    }

    /**
     * The campaign's recipient rows over one render's lookups with the stock now laid over them, as the batch render's
     * audience.sql lays its refresh over the load's products: a product the API lists takes its price (when it has
     * one), its stock and its prices per currency from the API; the others keep the render's. Built once per reading
     * of the stock, shared by the requests until the next.
     */
    private Resolved resolve(Campaign campaign, RenderLookups.Published published, OpenTimeStock.Now now) {
        LocalDate on = LocalDate.now(ZoneOffset.UTC);
        Resolved r = resolved.get(campaign.id());
        if (r != null && r.published() == published && r.stock() == now && r.on().equals(on)) {
            return r;
        }
        List<EmailMoney.Product> products = new ArrayList<>(published.products().size());
        Map<Long, Map<String, Long>> stated = new HashMap<>(published.stated());
        for (EmailMoney.Product p : published.products()) {
            ProductRefresh.Stock s = now.products().get(p.id());
            if (s == null) {
                products.add(p);
                continue;
            }
            products.add(new EmailMoney.Product(p.id(), p.title(), s.priceMinor() != null ? s.priceMinor() : p.priceMinor(),
                    p.currency(), s.stock()));
            Map<String, Long> prices = new HashMap<>();
            s.prices().forEach(o -> prices.put(o.currency(), o.priceMinor()));
            stated.put(p.id(), prices);
        }
        EmailMoney money = EmailMoney.of(campaign, on, products, stated, published.rates());
        Recommender recommender = Recommender.of(published.pairs(), money::inStock);
        r = new Resolved(published, now, on, new RecipientRows(new RecipientRows.Lookups(money, recommender)));
        resolved.put(campaign.id(), r);
        return r;
    }

    /**
     * The campaign, read again (and compiled again on its next render) when one of its files or a macro changed.
     *
     * @throws NoCampaign       when there is no such campaign
     * @throws TemplateException when its campaign.yaml cannot be read: no fallbacks to answer with
     */
    private Compiled campaign(String campaignId) {
        if (!campaignId.matches("[a-z0-9][a-z0-9-]*") || !Files.isRegularFile(campaignFile(campaignId))) {
            throw new NoCampaign("no campaign '" + campaignId + "'");
        }
        long stamp = stamp(campaignId);
        Compiled c = campaigns.get(campaignId);
        if (c == null || c.stamp != stamp) {
            c = new Compiled(campaignId, Campaign.read(campaignFile(campaignId)), stamp);
            campaigns.put(campaignId, c);
        }
        return c;
    }

    private Path campaignFile(String campaignId) {
        return catalog.root().resolve("campaigns").resolve(campaignId).resolve("campaign.yaml");
    }

    private long stamp(String campaignId) {
        long newest = 0;
        for (Path dir : List.of(catalog.root().resolve("campaigns").resolve(campaignId), catalog.root().resolve("macros"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        return newest;
    }

    /** The campaign's fallback tokens (a token without one is empty, as in the send's fallbacks), no personal data. */
    private static Answer fallback(Campaign campaign, String reason) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Campaign.Token token : campaign.tokens()) {
            tokens.put(token.name(), TokenContext.isBlank(token.fallback()) ? "" : token.fallback());
        }
        return new Answer(campaign.id(), null, tokens, null, Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null,
                reason);
    }

    @Override
    public void close() {
        renderers.shutdownNow();
        stock.close();
        lookups.close();
        suppressions.close();
    }
}
