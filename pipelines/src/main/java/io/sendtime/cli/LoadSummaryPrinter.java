package io.sendtime.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.sendtime.load.LoadEntity;
import io.sendtime.load.LoadSummary;

/** Prints a {@link LoadSummary}: what was merged, what changed in the profiles, the segments. */
final class LoadSummaryPrinter {

    private LoadSummaryPrinter() {
    }

    static void print(LoadSummary s, PrintWriter out) {
        if (!s.succeeded()) {
            out.printf("load: FAILED after %s; the warehouse is as before the load%n", SummaryPrinter.human(s.duration()));
            out.flush();
            return;
        }
        out.printf("load %d (%s): %d curated manifest(s) in %s, features as of %s%n", s.loadId(),
                s.fullRebuild() ? "full rebuild" : "incremental", s.manifests(), SummaryPrinter.human(s.duration()),
                s.asOf());
        StringBuilder merged = new StringBuilder();
        for (LoadEntity entity : LoadEntity.values()) {
            merged.append(merged.isEmpty() ? "" : ", ").append(entity.table()).append(' ')
                    .append(s.count(entity.table() + "_merged"));
        }
        out.println("  merged:    " + merged);
        out.printf("  profiles:  %d touched, %d new version(s), %d deleted, %d in all%n", s.count("profiles_touched"),
                s.count("profile_versions_added"), s.count("profiles_deleted"), s.count("profiles"));
        StringBuilder segments = new StringBuilder();
        for (Map.Entry<String, Long> e : s.counts().entrySet()) {
            if (e.getKey().startsWith("segment_")) {
                segments.append(segments.isEmpty() ? "" : ", ").append(e.getKey().substring("segment_".length()))
                        .append(' ').append(e.getValue());
            }
        }
        out.println("  segments:  " + segments);
        out.printf("  rules:     %d order(s) without a profile, %d in another currency than the profile's (converted by"
                        + " the rates of their day; %d without a rate, not in money features), %d anonymous event(s)%n",
                s.count("orders_without_profile"), s.count("orders_other_currency"), s.count("orders_without_rate"),
                s.count("events_anonymous"));
        if (s.count("exchange_rates_added") > 0) {
            out.printf("  money:     %d new exchange rate(s) recorded: every buyer's money features recomputed%n",
                    s.count("exchange_rates_added"));
        }
        out.println("  warehouse: " + s.warehouse());
        out.flush();
    }
}
