package io.sendtime.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.sendtime.extract.ExtractSummary;
import io.sendtime.jobs.JobAdmin;
import io.sendtime.jobs.JobFailures;
import io.sendtime.jobs.JobHistory;
import io.sendtime.jobs.JobRepositoryReader;
import io.sendtime.jobs.JobSummary;
import io.sendtime.jobs.StepCounters;

/** {@code sendtime jobs ...}: inspect and operate job executions in the job repository. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List, show, restart, stop or abandon job executions.",
        subcommands = {JobsCommand.List.class, JobsCommand.Show.class, JobsCommand.Restart.class,
                JobsCommand.Stop.class, JobsCommand.Abandon.class})
public class JobsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static JobAdmin admin(CommandSpec spec) {
        return SendtimeCommand.root(spec).services().get(JobAdmin.class);
    }

    /** The job repository's history, read-only: listing and showing start no Spring Batch and create no table. */
    static JobHistory history(CommandSpec spec) {
        return new JobHistory(SendtimeCommand.root(spec).services().read(JobRepositoryReader.class).jobRepository());
    }

    /** Executions as a table, columns as wide as their widest value. */
    static void printExecutions(java.util.List<JobExecution> executions, PrintWriter out) {
        int job = Math.max(3, executions.stream().mapToInt(e -> e.getJobInstance().getJobName().length()).max().orElse(0));
        int status = Math.max(6, executions.stream().mapToInt(e -> e.getStatus().toString().length()).max().orElse(0));
        String row = "%6s  %-" + job + "s  %-" + status + "s  %-19s  %9s  %s%n";
        out.printf(row, "exec", "job", "status", "started", "took", "parameters");
        for (JobExecution e : executions) {
            out.printf(row, e.getId(), e.getJobInstance().getJobName(), e.getStatus(), time(e.getStartTime()),
                    took(e.getStartTime(), e.getEndTime()), parameters(e));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent job executions, newest first.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--limit", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JobHistory history;
            try {
                history = history(spec);
            } catch (IllegalStateException e) {
                out.println(e.getMessage()); // nothing has run yet: an empty list, not an error
                out.flush();
                return ExitCodes.OK;
            }
            printExecutions(history.recent(limit), out);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One execution with its steps and failures.")
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Parameters(paramLabel = "EXECUTION_ID")
        long id;

        @Override
        public Integer call() {
            JobHistory history = history(spec);
            JobExecution e = history.execution(id);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("execution %d of %s (instance %d): %s, exit %s%n", e.getId(), e.getJobInstance().getJobName(),
                    e.getJobInstance().getInstanceId(), e.getStatus(), e.getExitStatus().getExitCode());
            out.printf("  started %s, ended %s%n", time(e.getStartTime()), time(e.getEndTime()));
            out.printf("  parameters: %s%n", parameters(e));
            for (StepExecution s : history.steps(e)) {
                var ctx = s.getExecutionContext();
                if (ctx.containsKey(StepCounters.READ)) {
                    // extract steps read pages; what matters is their records
                    out.printf("  step %-34s %-10s pages %-6d records read %-8d written %-8d quarantined %d%n",
                            s.getStepName(), s.getStatus(), s.getReadCount(), ctx.getLong(StepCounters.READ),
                            ctx.getLong(StepCounters.WRITTEN), ctx.getLong(StepCounters.QUARANTINED, 0));
                } else {
                    out.printf("  step %-34s %-10s%n", s.getStepName(), s.getStatus());
                }
            }
            history.steps(e).stream().map(s -> JobFailures.of(s.getExitStatus())).filter(f -> f != null)
                    .distinct().forEach(f -> out.printf("  failure: %s%n", f));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = {"Resume a failed, stopped or killed execution from its last committed chunk.",
                    "An execution whose process was killed (kill -9) is recovered first."})
    static class Restart implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Parameters(paramLabel = "EXECUTION_ID")
        long id;

        @Option(names = "--force", description = "Treat a 'running' execution on another host as dead.")
        boolean force;

        @Override
        public Integer call() {
            JobSummary summary = admin(spec).restart(id, force);
            if (summary instanceof ExtractSummary extract) {
                return SummaryPrinter.report(extract, spec);
            }
            if (!summary.succeeded()) {
                spec.commandLine().getErr().println("sendtime: " + summary.failure());
                return ExitCodes.JOB_FAILED;
            }
            spec.commandLine().getOut().println("execution " + id + " restarted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Ask a running execution to stop after its current chunk.")
    static class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Parameters(paramLabel = "EXECUTION_ID")
        long id;

        @Override
        public Integer call() {
            admin(spec).stop(id);
            spec.commandLine().getOut().println("stop requested for execution " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "abandon", mixinStandardHelpOptions = true,
            description = "Give up on a failed or stopped execution: it will never be restarted.")
    static class Abandon implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Parameters(paramLabel = "EXECUTION_ID")
        long id;

        @Override
        public Integer call() {
            JobExecution e = admin(spec).abandon(id);
            spec.commandLine().getOut().println("execution " + id + " is " + e.getStatus());
            return ExitCodes.OK;
        }
    }

    static String parameters(JobExecution e) {
        var p = e.getJobParameters();
        StringBuilder sb = new StringBuilder();
        for (String key : new String[] {"source", "entities", "mode", "from", "to", "runId", "fullRebuild", "asOf",
                "campaign", "sendId", "sendAt"}) {
            String v = p.getString(key);
            if (v != null) {
                sb.append(key).append('=').append(v).append(' ');
            }
        }
        return sb.toString().trim();
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static String time(LocalDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String took(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? "-" : SummaryPrinter.human(Duration.between(start, end));
    }
}
