package io.sendtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Commands that only look (sql, inspect, check, config show, jobs list/show) start no Spring Batch, create
 * no table and write nothing to the job repository.
 */
class ReadOnlyCommandsTest {

    @TempDir
    Path dir;

    Path config;
    Path jobrepo;

    @BeforeEach
    void config() throws Exception {
        config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  warehouse:
                    memory-limit: 256MB
                    threads: 1
                """.formatted(dir.resolve("var")));
        jobrepo = dir.resolve("var").resolve("jobrepo");
    }

    @Test
    void theReadOnlyApplicationHasNoBatchAndNoDataSource() {
        try (ConfigurableApplicationContext reader = new SpringApplicationBuilder(ReadOnlyApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .run("--sendtime.var-dir=" + dir.resolve("var"))) {
            assertThat(reader.getBeanNamesForType(JobOperator.class)).isEmpty();
            assertThat(reader.getBeanNamesForType(DataSource.class)).isEmpty();
        }
    }

    @Test
    void lookingCreatesNoJobRepository() {
        // when nothing has run yet
        for (String[] command : new String[][] {{"inspect", "runs"}, {"inspect", "freshness"}, {"jobs", "list"},
                {"config", "show"}, {"sql", "SELECT 1"}, {"check", "quality"}}) {
            CliRun.run(config, command);
        }

        // then
        assertThat(jobrepo).as("no job repository made by commands that only look").doesNotExist();
        assertThat(CliRun.run(config, "jobs", "list").out()).contains("no job repository yet");
    }

    @Test
    void lookingLeavesTheJobRepositoryAsItWas() throws Exception {
        // given a job repository two loads wrote (the second start meets Spring Batch's tables already there)
        CliRun load = CliRun.run(config, "run", "load");
        assertThat(load.exitCode()).as(load.err()).isZero();
        CliRun again = CliRun.run(config, "run", "load");
        assertThat(again.exitCode()).as(again.err()).isZero();
        Map<String, String> before = files(jobrepo);
        assertThat(before.keySet()).as("no H2 trace file that grows with every start").noneMatch(f -> f.endsWith(".trace.db"));

        // when
        CliRun runs = CliRun.run(config, "inspect", "runs");
        CliRun list = CliRun.run(config, "jobs", "list");
        CliRun show = CliRun.run(config, "jobs", "show", "1");
        CliRun freshness = CliRun.run(config, "inspect", "freshness");

        // then they read it
        assertThat(runs.out()).as(runs.err()).contains("load", "COMPLETED");
        assertThat(list.out()).as(list.err()).containsPattern("1  load +COMPLETED +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(show.out()).as(show.err()).contains("execution 1 of load");
        assertThat(freshness.exitCode()).as(freshness.err()).isZero();
        // and left it as it was: same files, same sizes and times, no trace file
        assertThat(files(jobrepo)).isEqualTo(before);
    }

    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                FileTime modified = Files.getLastModifiedTime(f);
                out.put(f.getFileName().toString(), Files.size(f) + " " + modified.toMillis());
            }
        }
        return out;
    }
}
