package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import io.sendtime.render.RenderService;
import io.sendtime.render.RenderSummary;
import io.sendtime.render.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sendtime run render}: pre-dispatch rendering of one campaign send. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render every eligible recipient's tokens for one send of a campaign.",
                "From the latest profile snapshot and templates/campaigns/<id>, with price and stock refreshed from the",
                "commerce API and consent from the sources (refused when that fails, unless --allow-stale-consent);",
                "writes the token sets to DuckDB and an export (Parquet + JSONL) to the lake.",
                "Rerunning a send replaces it."})
public class RunRenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--campaign", required = true, paramLabel = "ID", description = "The campaign's directory name.")
    String campaign;

    @Option(names = "--send-at", required = true, paramLabel = "TIME", description = "When the send goes out (ISO-8601).")
    String sendAt;

    @Option(names = "--send-id", paramLabel = "ID", description = "The send's id (default: from --send-at). A re-render"
            + " of the same id replaces it.")
    String sendId;

    @Option(names = "--allow-stale", description = "Render even when the newest profile snapshot is older than the"
            + " campaign's freshness_limit (the summary records its age either way).")
    boolean allowStale;

    @Option(names = "--allow-stale-consent", description = "When consent cannot be refreshed from the sources just"
            + " before the render, render on the consent of the last load instead of refusing the send (the summary"
            + " records it).")
    boolean allowStaleConsent;

    @Override
    public Integer call() {
        Instant at;
        try {
            at = Instant.parse(sendAt);
        } catch (DateTimeParseException e) {
            throw new ExitCodes.ConfigurationError("--send-at: not an ISO-8601 instant: " + sendAt
                    + " (e.g. 2026-11-22T18:00:00Z)", e);
        }
        RenderService service = SendtimeCommand.root(spec).services().get(RenderService.class);
        RenderSummary summary;
        try {
            summary = service.run(new RenderService.RenderRequest(campaign, at, sendId, allowStale, allowStaleConsent));
        } catch (RenderService.Refused | TemplateException e) {
            throw new ExitCodes.ConfigurationError(e.getMessage(), e);
        }
        print(summary, spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    static void print(RenderSummary s, PrintWriter out) {
        out.printf("render %s send %s: %,d rendered of %,d in the audience in %s (%,.0f recipients/s)%n", s.campaignId(),
                s.sendId(), s.rendered(), s.audience(), SummaryPrinter.human(s.duration()), s.recipientsPerSecond());
        out.printf("  snapshot:  load %d, %s old%s%n", s.snapshotVersion(), Durations.human(s.snapshotAge()),
                s.staleAllowed() ? " (older than the campaign's limit: --allow-stale)" : "");
        out.println("  excluded:  " + (s.excluded().isEmpty() ? "none" : s.excluded()) + "  (no token set: consent, suppression)");
        out.println("  rejected:  " + (s.rejected().isEmpty() ? "none" : s.rejected()));
        out.println("  fallbacks: " + (s.fallbacks().isEmpty() ? "none" : s.fallbacks()));
        out.println("  variants:  " + s.variants());
        out.println("  stock:     " + ("api".equals(s.stockSource()) ? "refreshed from the commerce API"
                + (s.stockSkipped() == 0 ? "" : " (" + s.stockSkipped() + " product(s) with a price the money rules"
                + " refuse kept the last load's)") : "from the last load (the commerce API failed)"));
        RenderSummary.MoneyValues money = s.money();
        out.println("  money:     one currency per email" + (money.ratesDate() == null ? ", nothing converted"
                : String.format("; %,d recipient(s) with values converted at the rates of %s", money.convertedRecipients(),
                        money.ratesDate()))
                + (money.unconvertibleRecipients() == 0 ? "" : String.format("; %,d with values left out (no exchange rate:"
                + " sendtime.money.exchange-rates)", money.unconvertibleRecipients())));
        RenderSummary.Consent consent = s.consent();
        out.println("  consent:   " + ("sources".equals(consent.source())
                ? String.format("refreshed from the sources up to %s (%,d records read since the warehouse's data, with the lookback)",
                        consent.checkedAt(), consent.statements())
                : "the last load's, as of " + consent.checkedAt() + ": " + consent.note()));
        out.println("export: " + s.export());
        out.flush();
    }
}
