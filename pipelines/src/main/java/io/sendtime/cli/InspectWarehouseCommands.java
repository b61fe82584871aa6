package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.dao.DataAccessException;

import io.sendtime.config.ErrorMessages;
import io.sendtime.extract.Watermarks;
import io.sendtime.jobs.JobRepositoryReader;
import io.sendtime.render.CampaignCatalog;
import io.sendtime.render.RenderSettings;
import io.sendtime.render.TemplateException;
import io.sendtime.warehouse.WarehouseException;
import io.sendtime.warehouse.WarehouseQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inspect profile|segments|freshness}: the warehouse's answers, read-only. */
final class InspectWarehouseCommands {

    /** Exit code of {@code inspect freshness --max-age} when the profiles are older: "not yet", not an error. */
    static final int NOT_FRESH = 3;

    private InspectWarehouseCommands() {
    }

    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = {"One customer's profile, with its segments and history.",
                    "Identity, consent, features (time-relative ones as of now), segments, recommendations, consent",
                    "history and profile versions."})
    static class Profile implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Parameters(paramLabel = "CUSTOMER", description = "A customer key, CRM contact id, commerce customer id,"
                + " email or email SHA-256.")
        String customer;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            WarehouseQueries q = SendtimeCommand.root(spec).services().read(WarehouseQueries.class);
            return readOnly(spec, () -> {
                Optional<String> key = q.findCustomerKey(customer);
                if (key.isEmpty()) {
                    spec.commandLine().getErr().println("sendtime: no profile matches " + customer
                            + " (a customer key, CRM contact id, commerce customer id, email or email SHA-256)");
                    return ExitCodes.USAGE;
                }
                Map<String, Object> profile = q.profile(key.get());
                int width = profile.keySet().stream().mapToInt(String::length).max().orElse(10);
                out.println("profile " + TerminalText.visible(key.get()));
                profile.forEach((name, value) -> TerminalText.printf(out, "  %-" + width + "s  %s%n", name, value));
                Map<String, Object> k = Map.of("k", key.get());
                out.println("segments:");
                for (Map<String, Object> s : q.rows("inspect/profile_segments.sql", k)) {
                    TerminalText.printf(out, "  %s%s (since %s)%n", s.get("segment"),
                            Boolean.TRUE.equals(s.get("is_primary")) ? " [primary]" : "", s.get("since"));
                }
                out.println("recommendations (bought together):");
                for (Map<String, Object> r : q.rows("inspect/profile_recommendations.sql", k)) {
                    TerminalText.printf(out, "  %s. %s %s (score %s, stock %s)%n", r.get("rank"), r.get("product_id"),
                            r.get("title"), r.get("score"), r.get("stock"));
                }
                out.println("consent history:");
                for (Map<String, Object> c : q.rows("inspect/profile_consents.sql", k)) {
                    TerminalText.printf(out, "  %-16s %-13s %-26s %s .. %s%n", c.get("channel"), c.get("status"),
                            c.get("source"), c.get("valid_from"), c.get("valid_to") == null ? "now" : c.get("valid_to"));
                }
                out.println("versions (profile_snapshots):");
                for (Map<String, Object> v : q.rows("inspect/profile_versions.sql", k)) {
                    TerminalText.printf(out, "  load %s: %s .. %s%s%n", v.get("snapshot_version"), v.get("valid_from"),
                            v.get("valid_to") == null ? "now (current)" : v.get("valid_to"),
                            v.get("closed_by") == null ? "" : " (" + v.get("closed_by") + ")");
                }
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "segments", mixinStandardHelpOptions = true,
            description = "Segment definitions (rules are data: sql/load/segment_definitions.sql) with their members.")
    static class Segments implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            WarehouseQueries q = SendtimeCommand.root(spec).services().read(WarehouseQueries.class);
            return readOnly(spec, () -> {
                List<Map<String, Object>> rows = q.rows("inspect/segments.sql", Map.of());
                long profiles = ((Number) q.row("inspect/profile_count.sql").get("n")).longValue();
                out.printf("%8s  %-16s %8s %8s  %s%n", "priority", "segment", "members", "primary", "rule");
                for (Map<String, Object> r : rows) {
                    TerminalText.printf(out, "%8s  %-16s %8s %8s  %s%n", r.get("priority"), r.get("name"),
                            r.get("members"), r.get("primary_members"), r.get("rule_sql"));
                }
                out.printf("%d profiles; a profile is in every segment whose rule matches, its primary is the"
                        + " lowest priority.%n", profiles);
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "freshness", mixinStandardHelpOptions = true,
            description = {"How old the newest profile snapshot is (the last completed load), and the sources' watermarks.",
                    "With --max-age: exit 0 when fresher, " + NOT_FRESH + " when older (Airflow sensors poll this)."})
    static class Freshness implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--max-age", paramLabel = "DURATION", description = "e.g. 2h, 30m, PT1H.")
        String maxAge;

        @Option(names = "--campaign", paramLabel = "ID", description = "Use this campaign's freshness_limit as --max-age.")
        String campaign;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Duration given = maxAge == null ? null : Durations.parse("--max-age", maxAge);
            if (campaign != null) {
                try {
                    given = new CampaignCatalog(SendtimeCommand.root(spec).services().read(RenderSettings.class).templates())
                            .compile(campaign).campaign().freshness();
                } catch (TemplateException e) {
                    throw new ExitCodes.ConfigurationError(e.getMessage(), e);
                }
            }
            Duration limit = given;
            Services services = SendtimeCommand.root(spec).services();
            WarehouseQueries q = services.read(WarehouseQueries.class);
            try {
                for (var w : new Watermarks(services.read(JobRepositoryReader.class).jdbc()).all()) {
                    out.printf("source %-9s %-18s extracted up to %s%n", w.source(), w.entity(), w.highWatermark());
                }
            } catch (IllegalStateException | DataAccessException e) {
                out.println("sources: no watermarks (" + ErrorMessages.message(e) + ")");
            }
            return readOnly(spec, () -> {
                Optional<WarehouseQueries.Freshness> f = q.freshness();
                if (f.isEmpty()) {
                    out.println("profiles: no completed load yet");
                    out.flush();
                    return limit == null ? ExitCodes.OK : NOT_FRESH;
                }
                Instant now = Instant.now();
                List<WarehouseQueries.Completeness> sources = q.completeness();
                for (WarehouseQueries.Completeness c : sources) {
                    out.printf("in warehouse %-9s %-18s complete to %s, %s old%n", c.source(), c.entity(), c.completeTo(),
                            Durations.human(Duration.between(c.completeTo(), now)));
                }
                Duration age = Duration.between(f.get().dataCompleteTo(), now);
                out.printf("profiles: %d, load %d computed as of %s; data complete to %s, %s old%n", f.get().profiles(),
                        f.get().loadId(), f.get().asOf(), f.get().dataCompleteTo(), Durations.human(age));
                out.flush();
                if (limit != null && age.compareTo(limit) > 0) {
                    out.printf("not fresh: older than %s%s%n", Durations.human(limit), sources.isEmpty() ? ""
                            : "; stalest: " + sources.get(0).source() + " " + sources.get(0).entity());
                    out.flush();
                    return NOT_FRESH;
                }
                return ExitCodes.OK;
            });
        }
    }

    /** Runs a read; a busy or missing warehouse is one line on stderr (busy: 1, missing: 2). */
    static int readOnly(CommandSpec spec, Callable<Integer> read) {
        try {
            return read.call();
        } catch (WarehouseException.Busy e) {
            spec.commandLine().getErr().println("sendtime: " + e.getMessage());
            return ExitCodes.JOB_FAILED;
        } catch (WarehouseException e) {
            spec.commandLine().getErr().println("sendtime: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
