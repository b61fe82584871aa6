package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

import io.sendtime.extract.ExtractSummary;
import io.sendtime.extract.ExtractSummary.EntityResult;

/** Prints an extract summary as a small table: counts only, never record content. */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void print(ExtractSummary s, PrintWriter out) {
        String state = s.alreadyComplete() ? "already extracted, nothing to do" : s.outcome().toString();
        out.printf("extract %s  run %s  execution %d  %s  in %s%n", s.source(), s.runId(), s.executionId(), state,
                human(s.took()));
        out.printf("  %-18s %8s %8s %8s %11s %8s %7s %6s  %s%n", "entity", "read", "written", "quarant.", "skipped",
                "outside", "erased", "files", "watermark");
        for (EntityResult e : s.entities()) {
            out.printf("  %-18s %,8d %,8d %,8d %,11d %,8d %,7d %,6d  %s%n", e.entity(), e.read(), e.written(),
                    e.quarantined(), e.alreadyExtracted(), e.outsideWindow(), e.erased(), e.files(), instant(e.watermark()));
            if (!e.newFields().isEmpty()) {
                out.printf("  %-18s new source fields kept in _extra: %s%n", "", String.join(", ", e.newFields()));
            }
        }
        out.flush();
    }

    /** Prints the summary, and the failure as one line on stderr; returns the command's exit code. */
    static int report(ExtractSummary s, picocli.CommandLine.Model.CommandSpec spec) {
        print(s, spec.commandLine().getOut());
        if (!s.succeeded()) {
            spec.commandLine().getErr().println("sendtime: " + s.failure());
            return ExitCodes.JOB_FAILED;
        }
        return ExitCodes.OK;
    }

    static String instant(Instant i) {
        return i == null ? "-" : i.toString();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }
}
