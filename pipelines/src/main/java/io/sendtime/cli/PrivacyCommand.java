package io.sendtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.springframework.dao.DataAccessException;

import io.sendtime.erase.AccessExport;
import io.sendtime.erase.EraseRequest;
import io.sendtime.erase.EraseService;
import io.sendtime.erase.EraseSummary;
import io.sendtime.jobs.JobRepositoryReader;
import io.sendtime.privacy.PrivacyLog;
import io.sendtime.privacy.SuppressionImport;
import io.sendtime.privacy.SuppressionList;

/** {@code sendtime privacy ...}: the suppression list and its log. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Suppression of addresses for every channel, and erasure of a person (docs/privacy.md).",
        subcommands = {PrivacyCommand.Suppress.class, PrivacyCommand.Erase.class, PrivacyCommand.Export.class,
                PrivacyCommand.Log.class, PrivacyCommand.Rekey.class})
public class PrivacyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "suppress", mixinStandardHelpOptions = true,
            description = {"Put addresses on the suppression list: they get no token set from the next render on.",
                    "The list holds only keyed hashes of the addresses (the privacy key: SENDTIME_PRIVACY_KEY), in the",
                    "job-repository database. --import reads an ESP's export of bounces, complaints and unsubscribes."})
    static class Suppress implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        static class Input {
            @Option(names = "--email", paramLabel = "EMAIL", description = "One address.")
            String email;

            @Option(names = "--import", paramLabel = "FILE", description = "A file of addresses (see --format).")
            Path file;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Input input;

        @Option(names = "--format", defaultValue = "plain", paramLabel = "FORMAT",
                description = "plain (one address a line), sendgrid-csv or braze-csv (a CSV with an email column and,"
                        + " if there is one, a reason column). Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--reason", paramLabel = "REASON", description = "Why, when the file does not say (default: manual).")
        String reason;

        @Override
        public Integer call() {
            SuppressionImport.Format from = SuppressionImport.Format.of(format);
            List<SuppressionList.Entry> entries = input.email != null
                    ? List.of(new SuppressionList.Entry(input.email, reason == null ? "manual" : reason))
                    : SuppressionImport.read(input.file, from, reason);
            String source = input.email != null ? "cli" : from.label();
            int added = SendtimeCommand.root(spec).services().get(SuppressionList.class)
                    .suppress(entries, source, Instant.now());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("suppressed %d address(es), %d new; they get no token set from the next render on%n",
                    entries.size(), added);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = {"Erase a person from every store sendtime keeps (GDPR art. 17).",
                    "The raw and curated lake, quarantine, exports and token sets, the warehouse with its history, the",
                    "job repository's identity.",
                    "Their identifiers are kept only as keyed hashes, so later extracts drop their records, and their",
                    "addresses stay suppressed. Runs while no extract, transform, load or render does; running it",
                    "again completes an erasure that was interrupted. Needs the privacy key."})
    static class Erase implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Mixin CustomerOption who;

        @Option(names = "--reason", paramLabel = "REASON", description = "Why (kept in the erasure ledger).")
        String reason;

        @Override
        public Integer call() {
            EraseSummary summary = SendtimeCommand.root(spec).services().get(EraseService.class)
                    .run(new EraseRequest(who.customer, reason));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("erased %s (execution %d) in %s%n", summary.erasureId().substring(0, 12), summary.executionId(),
                    SummaryPrinter.human(summary.took()));
            out.println("  identifiers: " + summary.identifiers());
            out.println("  removed:     " + summary.removed());
            out.println("  kept: keyed hashes in the erasure ledger; what copies it cannot reach: docs/privacy.md");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Everything sendtime holds about one person, as one JSON document (GDPR art. 15).",
                    "Their identifiers, their rows in every warehouse table (history included), their records in the",
                    "lake, quarantine and exports, and whether they are suppressed or erased. Read-only."})
    static class Export implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Mixin CustomerOption who;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the document here (default: standard output).")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            var doc = SendtimeCommand.root(spec).services().get(AccessExport.class).export(who.customer);
            String text = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(doc);
            if (out == null) {
                spec.commandLine().getOut().println(text);
            } else {
                Path partial = out.resolveSibling(out.getFileName() + ".partial");
                java.nio.file.Files.writeString(partial, text + "\n");
                java.nio.file.Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().println("wrote " + out);
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rekey", mixinStandardHelpOptions = true,
            description = {"Make every customer key a keyed hash, once, on an install from before keyed keys.",
                    "Removes everything that holds an old key (the curated lake, the exports, the warehouse with its",
                    "history, the job repository's identities), then curates the raw lake again and rebuilds the",
                    "warehouse. Sends must be rendered again. Needs the privacy key; pause the schedules first."})
    static class Rekey implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--yes", description = "Confirm: the warehouse's history and the exports are removed.")
        boolean yes;

        @Override
        public Integer call() {
            if (!yes) {
                throw new ExitCodes.ConfigurationError("privacy rekey removes the warehouse's history and the exports"
                        + " and rebuilds them from the raw lake: pass --yes to go ahead", null);
            }
            Services services = SendtimeCommand.root(spec).services();
            services.get(io.sendtime.erase.Rekey.class).prepare();
            var transform = services.get(io.sendtime.transform.TransformService.class).run();
            PrintWriter out = spec.commandLine().getOut();
            if (!transform.succeeded()) {
                spec.commandLine().getErr().println("sendtime: rekey: the transform failed (" + transform.failure()
                        + "); run ./sendtime privacy rekey --yes again");
                return ExitCodes.JOB_FAILED;
            }
            var load = services.get(io.sendtime.load.LoadService.class).run(true, null);
            if (!load.succeeded()) {
                spec.commandLine().getErr().println("sendtime: rekey: the load failed (" + load.failure()
                        + "); run ./sendtime privacy rekey --yes again");
                return ExitCodes.JOB_FAILED;
            }
            out.println("re-keyed: every customer key is now a keyed hash; render pending sends again");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = {"Erasures and suppressions, newest first, with times, reasons and channels.",
                    "No personal data: an entry is named by the first digits of its keyed hash. Read-only."})
    static class Log implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--limit", defaultValue = "50", description = "How many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<PrivacyLog.Event> events;
            try {
                events = PrivacyLog.recent(SendtimeCommand.root(spec).services().read(JobRepositoryReader.class).jdbc(),
                        limit);
            } catch (IllegalStateException | DataAccessException e) {
                events = List.of(); // no job repository, or one from before the suppression list: nothing yet
            }
            if (events.isEmpty()) {
                out.println("no erasures or suppressions yet");
            }
            for (PrivacyLog.Event e : events) {
                out.printf("%s  %-10s  %-12s  %-14s  %s%n", e.at(), e.what(), e.reference(), e.source(), e.reason());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code --customer}: the person an erasure or an access request is about. */
    static class CustomerOption {
        @Option(names = "--customer", required = true, paramLabel = "ID",
                description = "An email address, a customer key, a CRM contact id or a shop customer id.")
        String customer;
    }
}
