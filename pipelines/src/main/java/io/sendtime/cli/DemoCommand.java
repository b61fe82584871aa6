package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.transform.TransformService;
import io.sendtime.transform.TransformSummary;
import io.sendtime.lake.Lake;
import io.sendtime.load.LoadService;
import io.sendtime.load.LoadSummary;
import io.sendtime.render.RenderService;
import io.sendtime.render.RenderSummary;
import io.sendtime.samples.Churn;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/**
 * {@code sendtime demo}: the chain on the sample data, on one machine, with nothing set up
 * beforehand. Starts the sample APIs in-process on a free loopback port, lets them change a little
 * (so a second demo has a delta to pick up), extracts both sources incrementally, curates what was
 * extracted and prints what happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run sendtime on the sample data: start the sample CRM and commerce APIs on loopback, extract",
                "both sources incrementally into the lake, curate them, load the DuckDB warehouse, render the sample",
                "campaigns (templates/campaigns) and print a summary.",
                "Run it again to see only what changed being extracted, curated and loaded."})
public class DemoCommand implements Callable<Integer> {

    /** Source time runs this far behind the wall clock, so fresh changes are inside the safety lag. */
    private static final Duration SOURCE_CLOCK_BEHIND = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Instant started = Instant.now();
        Services services = SendtimeCommand.root(spec).services();
        Clock sourceClock = Clock.offset(Clock.systemUTC(), SOURCE_CLOCK_BEHIND.negated());
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).clock(sourceClock).build())) {
            // the sources keep changing between demos: a few creates, updates, deletes, ties and a late update
            apis.store().churnAll(Churn.of(3, 8, 1).withTies(3).withLate(1, Duration.ofMinutes(2))
                    .withSeed(Instant.now().getEpochSecond()));
            out.println("sample CRM and commerce APIs on " + apis.baseUrl() + " (" + apis.store().description() + ")");
            out.flush();

            SourceClients sources = services.get(SourceClients.class);
            sources.useSecrets(SecretResolver.of(java.util.Map.of(
                    "SENDTIME_CRM_TOKEN", apis.crmToken(), "SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
            for (String source : List.of("crm", "commerce")) {
                sources.override(sources.definition(source).withBaseUrl(apis.baseUrl().toString()));
            }

            ExtractService extract = services.get(ExtractService.class);
            boolean ok = true;
            for (String source : List.of("crm", "commerce")) {
                ExtractSummary summary;
                try (var progress = ProgressDisplay.forExtract(services, source)) {
                    summary = extract.run(new ExtractRequest(source, List.of(), null, null, false));
                }
                out.println();
                SummaryPrinter.print(summary, out);
                if (!summary.succeeded()) {
                    spec.commandLine().getErr().println("sendtime: " + summary.failure());
                    ok = false;
                }
            }
            if (ok) {
                TransformSummary curated = services.get(TransformService.class).run();
                out.println();
                TransformSummaryPrinter.print(curated, out);
                if (!curated.succeeded()) {
                    spec.commandLine().getErr().println("sendtime: " + curated.failure());
                    ok = false;
                }
            }
            LoadSummary loaded = null;
            if (ok) {
                loaded = services.get(LoadService.class).run(false, null);
                out.println();
                LoadSummaryPrinter.print(loaded, out);
                if (!loaded.succeeded()) {
                    spec.commandLine().getErr().println("sendtime: load failed: " + loaded.failure());
                    ok = false;
                }
            }
            if (ok) {
                ok = renderSamples(services, out);
            }
            Lake lake = services.get(Lake.class);
            out.println();
            out.println("lake:        " + display(lake.path("raw")) + "  (curated: " + display(lake.path("curated")) + ")");
            out.println("manifests:   " + display(lake.path("raw/_manifests")));
            out.println("quarantine:  " + display(lake.path("quarantine")));
            if (loaded != null && loaded.succeeded()) {
                out.println("warehouse:   " + loaded.warehouse().toAbsolutePath()
                        + "  (DuckDB; opens in any DuckDB client, read-only while no job writes)");
            }
            out.println("took " + SummaryPrinter.human(Duration.between(started, Instant.now()))
                    + ". Run ./sendtime demo again: only what changed at the sources is extracted, curated and loaded.");
            out.println();
            out.println("Look around:");
            out.println("  ./sendtime inspect profile bob.norman@mail.example.com");
            out.println("  ./sendtime inspect segments");
            out.println("  ./sendtime inspect freshness");
            out.println("  ./sendtime render preview --campaign win-back --customer bob.norman@mail.example.com");
            out.println("  ./sendtime sql \"SELECT first_name, orders_count, lifetime_value_minor, currency FROM profiles"
                    + " ORDER BY orders_count DESC LIMIT 5\"");
            out.flush();
            return ok ? ExitCodes.OK : ExitCodes.JOB_FAILED;
        }
    }

    /** Renders every sample campaign for a send an hour from now and shows a few recipients' tokens. */
    private boolean renderSamples(Services services, PrintWriter out) {
        RenderService render = services.get(RenderService.class);
        Instant sendAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        String shown = null;
        for (String campaign : render.catalog().ids()) {
            out.println();
            try {
                RenderSummary summary = render.run(new RenderService.RenderRequest(campaign, sendAt, "demo", false));
                RunRenderCommand.print(summary, out);
                if (shown == null && summary.rendered() > 0) {
                    shown = campaign;
                }
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("sendtime: render " + campaign + " failed: " + e.getMessage());
                return false;
            }
        }
        if (shown != null) {
            out.println();
            out.println("a few token sets of " + shown + " (send demo):");
            List<java.util.Map<String, Object>> rows = services.get(io.sendtime.load.WarehouseQueries.class).rows(
                    "SELECT customer_key, variant, tokens FROM token_sets WHERE campaign_id = :c AND send_id = 'demo'"
                            + " ORDER BY customer_key LIMIT 2", java.util.Map.of("c", shown));
            for (var row : rows) {
                out.println("  " + row.get("customer_key") + " (variant " + row.get("variant") + ")");
                String tokens = String.valueOf(row.get("tokens"));
                out.println("    " + (tokens.length() > 400 ? tokens.substring(0, 400) + " ..." : tokens).replace("\n", " "));
            }
        }
        out.flush();
        return true;
    }

    /** A local path for local lakes (what a DuckDB shell accepts), the URI otherwise. */
    private static String display(org.apache.hadoop.fs.Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }
}
