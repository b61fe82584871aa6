package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.sendtime.demo.DemoService;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.lake.Lake;
import io.sendtime.load.LoadSummary;
import io.sendtime.render.RenderSummary;
import io.sendtime.transform.TransformSummary;

/** {@code sendtime demo}: runs {@link DemoService} and prints what happened. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole chain on the sample data, on loopback, with nothing set up beforehand.",
                "Starts the sample CRM and commerce APIs, extracts both sources incrementally into the lake, curates",
                "them, loads the DuckDB warehouse, renders the sample campaigns (templates/campaigns) and prints a summary.",
                "Run it again to see only what changed being extracted, curated and loaded."})
public class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant started = Instant.now();
        Services services = SendtimeCommand.root(spec).services();
        // the sample data's prices and orders come in many currencies: the demo converts with the sample rates
        services.override("sendtime.money.exchange-rates", io.sendtime.config.MoneySettings.SAMPLE_RATES);
        DemoService.Result result = services.get(DemoService.class).run(new DemoService.Progress() {
            @Override
            public void apisStarted(String baseUrl, String description) {
                out.println("sample CRM and commerce APIs on " + baseUrl + " (" + description + ")");
                out.flush();
            }

            @Override
            public AutoCloseable extracting(String source) {
                return ProgressDisplay.forExtract(services, source);
            }

            @Override
            public void extracted(ExtractSummary summary) {
                out.println();
                SummaryPrinter.print(summary, out);
            }

            @Override
            public void transformed(TransformSummary summary) {
                out.println();
                TransformSummaryPrinter.print(summary, out);
            }

            @Override
            public void loaded(LoadSummary summary) {
                out.println();
                LoadSummaryPrinter.print(summary, out);
            }

            @Override
            public void rendered(RenderSummary summary) {
                out.println();
                RunRenderCommand.print(summary, out);
            }

            @Override
            public void failed(String message) {
                err.println("sendtime: " + message);
                err.flush();
            }
        });
        if (result.shown() != null) {
            out.println();
            out.println("a few token sets of " + result.shown() + " (send demo):");
            for (Map<String, Object> row : result.tokenSets()) {
                out.println("  " + row.get("customer_key") + " (variant " + row.get("variant") + ")");
                String tokens = String.valueOf(row.get("tokens"));
                out.println("    " + TerminalText.visible(
                        (tokens.length() > 400 ? tokens.substring(0, 400) + " ..." : tokens).replace("\n", " ")));
            }
        }
        Lake lake = services.get(Lake.class);
        out.println();
        out.println("lake:        " + display(lake.path("raw")) + "  (curated: " + display(lake.path("curated")) + ")");
        out.println("manifests:   " + display(lake.path("raw/_manifests")));
        out.println("quarantine:  " + display(lake.path("quarantine")));
        if (result.load() != null && result.load().succeeded()) {
            out.println("warehouse:   " + result.load().warehouse().toAbsolutePath()
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
        return result.succeeded() ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }

    /** A local path for local lakes (what a DuckDB shell accepts), the URI otherwise. */
    private static String display(org.apache.hadoop.fs.Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }
}
