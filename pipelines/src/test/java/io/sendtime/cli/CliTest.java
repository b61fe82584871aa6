package io.sendtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line as a user meets it: help, exit codes and one-line errors. */
class CliTest {

    @TempDir
    Path dir;

    Path config;

    record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  sources:
                    crm:
                      base-url: http://127.0.0.1:9
                      auth: {type: none}
                      retry: {max-attempts: 2, initial-backoff: 10ms, max-backoff: 20ms}
                spring:
                  datasource:
                    password: hunter2-not-shown
                """.formatted(dir.resolve("var")));
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasUsageHelp() {
        // given the whole command tree
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(new SendtimeCommand()), commands);
        assertThat(commands).extracting(CommandLine::getCommandName)
                .contains("demo", "extract", "list", "show", "restart", "stop", "abandon", "serve", "generate");

        for (CommandLine command : commands) {
            // when
            String usage = command.getUsageMessage();
            // then
            assertThat(usage).as("usage of %s", command.getCommandSpec().qualifiedName())
                    .contains("Usage:").contains("--help");
            assertThat(command.getCommandSpec().usageMessage().description())
                    .as("description of %s", command.getCommandSpec().qualifiedName()).isNotEmpty();
        }
        assertThat(run("run", "extract", "--help").out()).contains("--source", "--from", "--to", "--full", "--entity");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result unknownOption = run("run", "extract", "--source", "crm", "--bogus");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownOption.err()).contains("Unknown option: '--bogus'");

        Result missingSource = run("run", "extract");
        assertThat(missingSource.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingSource.err()).contains("--source");
    }

    @Test
    void configurationErrorsAreOneLineAndExitWithTwo() {
        Result unknownSource = run("run", "extract", "--source", "nope", "--config", config.toString());
        assertThat(unknownSource.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownSource.err().strip()).isEqualTo("sendtime: unknown source 'nope' (configured: crm, commerce, shopify)");

        Result unknownEntity = run("run", "extract", "--source", "crm", "--entity", "deals", "--config", config.toString());
        assertThat(unknownEntity.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownEntity.err().strip()).isEqualTo(
                "sendtime: source 'crm' has no entity 'deals' (entities: contacts, subscriptions)");

        Result halfInterval = run("run", "extract", "--source", "crm", "--from", "2026-01-01T00:00:00Z",
                "--config", config.toString());
        assertThat(halfInterval.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(halfInterval.err().strip()).isEqualTo("sendtime: --from needs --to: give the whole interval");

        Result missingConfig = run("config", "show", "--config", dir.resolve("missing.yaml").toString());
        assertThat(missingConfig.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingConfig.err()).startsWith("sendtime: cannot read --config").doesNotContain("\tat ");
    }

    @Test
    void anUnreachableSourceFailsWithOneLineAndTouchesNothing() {
        Result result = run("run", "extract", "--source", "crm", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(result.err().lines().filter(l -> l.startsWith("sendtime:")).toList())
                .singleElement().asString()
                .startsWith("sendtime: source 'crm' is unreachable at http://127.0.0.1:9: connection refused")
                .endsWith("check base-url");
        assertThat(dir.resolve("var/lake/raw/_manifests")).doesNotExist();
        assertThat(run("jobs", "list", "--config", config.toString()).out()).contains("FAILED");
        assertThat(run("jobs", "show", "1", "--config", config.toString()).out())
                .contains("execution 1 of extract").contains("FAILED").contains("failure: ");

        // a failed execution can be abandoned, and then it is never restarted
        Result abandoned = run("jobs", "abandon", "1", "--config", config.toString());
        assertThat(abandoned.exitCode()).isZero();
        assertThat(abandoned.out()).contains("execution 1 is ABANDONED");
        Result restart = run("jobs", "restart", "1", "--config", config.toString());
        assertThat(restart.exitCode()).isNotZero();
        assertThat(restart.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(restart.err().strip()).startsWith("sendtime: execution 1 is ABANDONED; there is nothing to restart");
        assertThat(run("jobs", "show", "99", "--config", config.toString()).err().strip())
                .isEqualTo("sendtime: no job execution 99 (see: sendtime jobs list)");
    }

    @Test
    void configShowMasksSecretsAndNamesTheirVariables() {
        Result result = run("config", "show", "--config", config.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("sendtime.sources.crm.auth.token-env = SENDTIME_CRM_TOKEN")
                .contains("spring.datasource.password = ****")
                .contains("sendtime.sources.crm.base-url = http://127.0.0.1:9")
                .doesNotContain("hunter2");
    }

    @Test
    void configShowSaysWhereTheLakeIsWhenItIsTheDefault() {
        Result result = run("config", "show", "--config", config.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("sendtime.lake.uri = " + dir.resolve("var").resolve("lake").toUri()
                + "  (default: <var-dir>/lake)");
    }

    @Test
    void jobTimesKeepTheirSeconds() {
        assertThat(JobsCommand.time(java.time.LocalDateTime.of(2026, 11, 22, 10, 0, 0))).isEqualTo("2026-11-22 10:00:00");
        assertThat(JobsCommand.time(java.time.LocalDateTime.of(2026, 11, 22, 10, 5, 7, 123_000_000)))
                .isEqualTo("2026-11-22 10:05:07");
    }
}
