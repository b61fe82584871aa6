package io.sendtime.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.sendtime.jobs.JobHistory;
import io.sendtime.jobs.JobRepositoryReader;
import io.sendtime.warehouse.WarehouseException;
import io.sendtime.warehouse.WarehouseQueries;

/** {@code sendtime inspect ...}: what has run and what the warehouse holds, read-only. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Look at runs and the warehouse, read-only.",
        subcommands = {InspectCommand.Runs.class, InspectWarehouseCommands.Profile.class,
                InspectWarehouseCommands.Segments.class, InspectWarehouseCommands.Freshness.class})
public class InspectCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = "Recent job executions (job repository) and loads (the warehouse's load_log), newest first.")
    static class Runs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--limit", defaultValue = "20", description = "How many of each (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Services services = SendtimeCommand.root(spec).services();
            out.println("job executions:");
            try {
                JobsCommand.printExecutions(new JobHistory(services.read(JobRepositoryReader.class).jobRepository())
                        .recent(limit), out);
            } catch (IllegalStateException e) {
                out.println("  " + e.getMessage());
            }
            out.println();
            out.println("loads (load_log):");
            try {
                List<Map<String, Object>> loads = services.read(WarehouseQueries.class).rows("inspect/loads.sql",
                        Map.of("limit", limit));
                out.printf("%6s  %-19s %-19s %-13s %9s  %s%n", "load", "started", "finished", "mode", "profiles", "status");
                for (Map<String, Object> l : loads) {
                    out.printf("%6s  %-19s %-19s %-13s %9s  %s%n", l.get("load_id"), l.get("started"), l.get("finished"),
                            l.get("mode"), l.get("profiles_touched"), l.get("status"));
                }
            } catch (WarehouseException e) {
                out.println("  " + e.getMessage());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
