package io.sendtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import io.sendtime.TestApp;
import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.extract.Watermarks;
import io.sendtime.lake.Lake;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/**
 * An extract killed with SIGKILL in the middle of a run (a real separate JVM running the CLI), then
 * recovered and restarted with {@code jobs restart}: the lake ends up exactly as after one
 * uninterrupted run, with no duplicates and nothing lost.
 */
class KillAndRestartTest {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aKilledExtractIsRecoveredAndRestartedToTheSameLakeAsAnUninterruptedRun() throws Exception {
        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.generated(3, 400))
                .rateLimit(RateLimit.GENEROUS).build())) {
            // given an extract of orders running in its own JVM, slowed down so it is caught mid-run
            Path killedVar = dir.resolve("killed");
            Path config = writeConfig(dir.resolve("killed.yaml"), killedVar, apis);
            apis.faults().slow(Duration.ofMillis(150), 10_000, "/admin/api/2024-10/orders.json");
            ProcessBuilder extract = new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.sendtime.cli.Main", "run", "extract", "--source", "commerce", "--entity", "orders",
                    "--from", FROM.toString(), "--to", TO.toString(), "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            extract.environment().put("SENDTIME_TEST_CHILD_TOKEN", apis.commerceToken());
            Process child = extract.start();
            Path ordersDir = killedVar.resolve("lake/raw/commerce/orders");

            // when it has committed a few chunks, it is killed without warning
            waitForCommittedFiles(ordersDir, 2, child);
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            apis.faults().clear();
            assertThat(killedVar.resolve("lake/raw/_manifests")).as("no manifest before the run completes").doesNotExist();

            // then the execution it left "running" is recovered and resumed from its last committed page
            try (TestApp app = TestApp.start(killedVar, properties(apis))) {
                pointAt(app, apis);
                JobAdmin admin = app.get(JobAdmin.class);
                JobExecution stuck = admin.recent(5).get(0);
                assertThat(stuck.getStatus()).as("the killed execution still looks running").isEqualTo(BatchStatus.STARTED);

                ExtractSummary restarted = (ExtractSummary) admin.restart(stuck.getId(), false);

                assertThat(restarted.outcome()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(restarted.runId()).as("the same run, resumed").isEqualTo(stuck.getJobParameters().getString("runId"));
                assertThat(app.get(Watermarks.class).get("commerce", "orders")).get()
                        .extracting(Watermarks.Watermark::highWatermark).isEqualTo(TO);
                List<String> afterKill = LakeContent.records(app.get(Lake.class), "commerce", "orders");

                // and the lake equals one uninterrupted run of the same interval
                try (TestApp clean = TestApp.start(dir.resolve("clean"), properties(apis))) {
                    pointAt(clean, apis);
                    ExtractSummary uninterrupted = clean.get(ExtractService.class).run(
                            new ExtractService.ExtractRequest("commerce", List.of("orders"), FROM, TO, false));
                    assertThat(uninterrupted.succeeded()).isTrue();
                    List<String> expected = LakeContent.records(clean.get(Lake.class), "commerce", "orders");
                    assertThat(expected).as("the sample API served orders").hasSizeGreaterThan(500);
                    assertThat(afterKill).as("no duplicates, nothing lost").containsExactlyElementsOf(expected);
                }
            }
        }
    }

    private static Map<String, Object> properties(SampleApis apis) {
        return Map.of("sendtime.sources.commerce.pagination.page-size", 50, "sendtime.extract.pages-per-chunk", 2);
    }

    private static void pointAt(TestApp app, SampleApis apis) {
        SourceClients sources = app.get(SourceClients.class);
        sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
        sources.override(sources.definition("commerce").withBaseUrl(apis.baseUrl().toString()));
    }

    private static Path writeConfig(Path file, Path varDir, SampleApis apis) throws Exception {
        // the child gets its token the way production does: from the environment named by token-env
        Files.writeString(file, """
                sendtime:
                  var-dir: %s
                  extract: {pages-per-chunk: 2}
                  sources:
                    commerce:
                      base-url: %s
                      auth: {token-env: SENDTIME_TEST_CHILD_TOKEN}
                      pagination: {page-size: 50}
                """.formatted(varDir, apis.baseUrl()));
        return file;
    }

    private static void waitForCommittedFiles(Path dir, int count, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child extract ended before it could be killed (exit " + child.exitValue() + ")");
            }
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    if (files.filter(p -> p.getFileName().toString().endsWith(".parquet")
                            && !p.getFileName().toString().startsWith(".")).count() >= count) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        child.destroyForcibly();
        throw new AssertionError("no committed raw files appeared in " + dir);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
