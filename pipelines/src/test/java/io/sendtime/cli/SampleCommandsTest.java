package io.sendtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SampleCommandsTest {

    @Test
    void generateWritesTheLayoutAndPrintsCounts(@TempDir Path dir) throws Exception {
        // given
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SamplesGenerateCommand()).setOut(new PrintWriter(out));

        // when
        int exit = cli.execute("--customers", "50", "--seed", "9", "--out", dir.toString());

        // then
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("commerce/orders.jsonl", "150");
        assertThat(Files.readAllLines(dir.resolve("commerce/storefront_events.jsonl"))).hasSize(1000);
        assertThat(Files.readString(dir.resolve("crm/contacts.jsonl")))
                .isEqualTo(new String(Files.readAllBytes(dir.resolve("crm/contacts.jsonl"))));
    }

    @Test
    void usageErrorsExitWith2() {
        // given
        StringWriter err = new StringWriter();

        // when
        int missing = new CommandLine(new SamplesGenerateCommand()).setErr(new PrintWriter(err)).execute("--seed", "1");
        int badPreset = new CommandLine(new SourcesServeCommand()).setErr(new PrintWriter(err))
                .execute("--rate-limit", "ludicrous");
        int badDuration = new CommandLine(new SourcesServeCommand()).setErr(new PrintWriter(err))
                .execute("--churn-every", "soon");

        // then
        assertThat(missing).isEqualTo(2);
        assertThat(badPreset).isEqualTo(2);
        assertThat(badDuration).isEqualTo(2);
        assertThat(err.toString()).contains("--customers", "ludicrous");
    }

    @Test
    void usageHelpDescribesTheOptions() {
        // given
        StringWriter out = new StringWriter();

        // when
        int exit = new CommandLine(new SourcesServeCommand()).setOut(new PrintWriter(out)).execute("--help");

        // then
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("serve", "--port", "--data", "--generated", "--customers", "--seed",
                "--rate-limit", "--churn-every");
    }

    @Test
    void serveRunsUntilStoppedAndPrintsTheBaseUrl() throws Exception {
        // given
        SourcesServeCommand serve = new SourcesServeCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(serve).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int[] exit = {-1};
        Thread t = new Thread(() -> exit[0] = cli.execute("--generated", "--customers", "100", "--churn-every", "50ms"));

        // when
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString().contains("Ctrl-C") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(150);
        serve.stop.countDown();
        t.join(10_000);

        // then
        assertThat(out.toString()).containsPattern("Sample APIs on http://127\\.0\\.0\\.1:\\d+");
        assertThat(err.toString()).contains("SENDTIME_COMMERCE_TOKEN=shpat_");
        assertThat(exit[0]).isZero();
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        SourcesServeCommand.DurationConverter c = new SourcesServeCommand.DurationConverter();
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
