package io.sendtime.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.load.LoadService;
import io.sendtime.load.LoadSummary;
import io.sendtime.erase.Rekey;
import io.sendtime.privacy.KeyScheme;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.render.RenderService;
import io.sendtime.render.RenderSummary;
import io.sendtime.samples.Churn;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;
import io.sendtime.transform.TransformService;
import io.sendtime.transform.TransformSummary;
import io.sendtime.warehouse.WarehouseQueries;

/**
 * {@code sendtime demo}: the whole chain on the sample data, on one machine, with nothing set up
 * beforehand. Starts the sample APIs in-process on a free loopback port, lets them change a little (so a
 * second demo has a delta to pick up), extracts both sources incrementally, curates, loads, renders every
 * sample campaign for a send an hour from now, and tells {@link Progress} what happened at each step.
 */
@Service
public class DemoService {

    /** Source time runs this far behind the wall clock, so fresh changes are inside the safety lag. */
    private static final Duration SOURCE_CLOCK_BEHIND = Duration.ofMinutes(1);
    private static final List<String> SOURCES = List.of("crm", "commerce");

    /** What the demo tells as it goes (the CLI prints it). */
    public interface Progress {
        void apisStarted(String baseUrl, String description);

        /** Something to show while a source is extracted (a progress bar), closed when it is done. */
        AutoCloseable extracting(String source);

        void extracted(ExtractSummary summary);

        void transformed(TransformSummary summary);

        void loaded(LoadSummary summary);

        void rendered(RenderSummary summary);

        /** A step failed; the demo stops after it. */
        void failed(String message);
    }

    /**
     * How the demo ended.
     *
     * @param load      the load's summary, null when the chain stopped before it
     * @param shown     the campaign whose token sets are in {@code tokenSets}, null when none rendered any
     * @param tokenSets a few token sets of the demo send of {@code shown}
     */
    public record Result(boolean succeeded, LoadSummary load, String shown, List<Map<String, Object>> tokenSets) {}

    private final SourceClients sources;
    private final ExtractService extract;
    private final TransformService transform;
    private final LoadService load;
    private final RenderService render;
    private final WarehouseQueries queries;

    private final KeyedHash keyedHash;
    private final KeyScheme keyScheme;
    private final Rekey rekey;

    public DemoService(SourceClients sources, ExtractService extract, TransformService transform, LoadService load,
                       RenderService render, WarehouseQueries queries, KeyedHash keyedHash, KeyScheme keyScheme,
                       Rekey rekey) {
        this.keyedHash = keyedHash;
        this.keyScheme = keyScheme;
        this.rekey = rekey;
        this.sources = sources;
        this.extract = extract;
        this.transform = transform;
        this.load = load;
        this.render = render;
        this.queries = queries;
    }

    public Result run(Progress progress) throws Exception {
        // customer keys and the privacy lists are keyed hashes: the demo makes its own key in its runtime directory
        keyedHash.generateIfMissing();
        if (keyScheme.hasPlainKeys()) {
            // a demo directory from before keyed customer keys: re-key it (sample data, nothing to keep)
            rekey.prepare();
        }
        Clock sourceClock = Clock.offset(Clock.systemUTC(), SOURCE_CLOCK_BEHIND.negated());
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).clock(sourceClock).build())) {
            // the sources keep changing between demos: a few creates, updates, deletes, ties and a late update
            apis.store().churnAll(Churn.of(3, 8, 1).withTies(3).withLate(1, Duration.ofMinutes(2))
                    .withSeed(Instant.now().getEpochSecond()));
            progress.apisStarted(apis.baseUrl().toString(), apis.store().description());
            sources.useSecrets(SecretResolver.of(Map.of(
                    "SENDTIME_CRM_TOKEN", apis.crmToken(), "SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
            for (String source : SOURCES) {
                sources.override(sources.definition(source).withBaseUrl(apis.baseUrl().toString()));
            }

            boolean ok = true;
            for (String source : SOURCES) {
                ExtractSummary summary;
                try (AutoCloseable shown = progress.extracting(source)) {
                    summary = extract.run(new ExtractRequest(source, List.of(), null, null, false));
                }
                progress.extracted(summary);
                ok &= report(progress, summary.succeeded(), summary.failure());
            }
            if (!ok) {
                return new Result(false, null, null, List.of());
            }
            TransformSummary curated = transform.run();
            progress.transformed(curated);
            if (!report(progress, curated.succeeded(), curated.failure())) {
                return new Result(false, null, null, List.of());
            }
            LoadSummary loaded = load.run(false, null);
            progress.loaded(loaded);
            if (!report(progress, loaded.succeeded(), "load failed: " + loaded.failure())) {
                return new Result(false, loaded, null, List.of());
            }
            return renderSamples(progress, loaded);
        }
    }

    /** Renders every sample campaign for a send an hour from now; a few token sets of the first with any. */
    private Result renderSamples(Progress progress, LoadSummary loaded) {
        Instant sendAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
        String shown = null;
        for (String campaign : render.catalog().ids()) {
            try {
                RenderSummary summary = render.run(new RenderService.RenderRequest(campaign, sendAt, "demo", false));
                progress.rendered(summary);
                if (shown == null && summary.rendered() > 0) {
                    shown = campaign;
                }
            } catch (RuntimeException e) {
                progress.failed("render " + campaign + " failed: " + e.getMessage());
                return new Result(false, loaded, null, List.of());
            }
        }
        List<Map<String, Object>> tokenSets = shown == null ? List.of()
                : queries.rows("inspect/token_sets_sample.sql", Map.of("campaign", shown, "send", "demo"));
        return new Result(true, loaded, shown, tokenSets);
    }

    private static boolean report(Progress progress, boolean succeeded, String failure) {
        if (!succeeded) {
            progress.failed(failure);
        }
        return succeeded;
    }
}
