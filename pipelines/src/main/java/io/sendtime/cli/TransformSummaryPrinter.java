package io.sendtime.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

import io.sendtime.transform.TransformSummary;
import io.sendtime.transform.TransformSummary.EntityResult;
import io.sendtime.transform.TransformSummary.RunResult;

/** Prints a transform summary: counts only, never record content. */
final class TransformSummaryPrinter {

    private TransformSummaryPrinter() {
    }

    static void print(TransformSummary s, PrintWriter out) {
        if (s.nothingNew()) {
            out.printf("transform: nothing new (every committed extract run is already curated)  in %s%n",
                    SummaryPrinter.human(s.took()));
            out.flush();
            return;
        }
        for (RunResult run : s.runs()) {
            out.printf("transform run %s  execution %d  %s%s  consumed %d extract run(s)%n", run.transformRunId(),
                    run.executionId(), run.outcome(), run.resumed() ? " (resumed)" : "", run.consumed().size());
            out.printf("  %-18s %8s %8s %10s %8s  %s%n", "entity", "read", "curated", "superseded", "quarant.",
                    "handled by rule");
            for (EntityResult e : run.entities()) {
                out.printf("  %-18s %,8d %,8d %,10d %,8d  %s%n", e.entity(), e.read(), e.written(), e.superseded(),
                        e.quarantined(), rules(e.counts()));
            }
        }
        if (s.pendingRuns() > 0) {
            out.printf("%d extract run(s) still pending%n", s.pendingRuns());
        }
        out.printf("in %s%n", SummaryPrinter.human(s.took()));
        out.flush();
    }

    private static String rules(Map<String, Long> counts) {
        return counts.isEmpty() ? "-" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
