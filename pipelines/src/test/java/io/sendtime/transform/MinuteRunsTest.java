package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.TestApp;
import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.lake.WebhookRuns;

/**
 * A day of {@code sendtime serve}'s minute-runs (1,440 runs of the source webhooks, each a few events) is curated by
 * one transform job, and the time it takes is printed (a measurement, not an assertion: the machine decides it).
 * {@code -Dsendtime.minuteRuns=N} changes the number of runs.
 */
class MinuteRunsTest {

    static final int RUNS = Integer.getInteger("sendtime.minuteRuns", 1_440);

    @TempDir
    Path dir;

    @Test
    void aDayOfMinuteRunsIsOneTransformJob() {
        try (TestApp app = TestApp.start(dir)) {
            // given a day of minute-runs, each with two email events and one storefront event
            WebhookRuns webhooks = new WebhookRuns(app.get(Lake.class));
            Instant day = Instant.parse("2026-11-30T00:00:00Z");
            long written = System.nanoTime();
            for (int m = 0; m < RUNS; m++) {
                Instant from = day.plus(Duration.ofMinutes(m));
                Instant to = from.plus(Duration.ofMinutes(1));
                webhooks.commit(from, to, Map.of(
                        "email_events", List.of(email("d-" + m, "delivered", from), email("o-" + m, "open", from)),
                        "storefront_events", List.of(view("v-" + m, from))));
            }
            long curating = System.nanoTime();

            // when the transform runs
            TransformSummary summary = app.get(TransformService.class).run();
            long curated = System.nanoTime();
            System.out.printf("MinuteRunsTest: %,d webhooks runs written in %.1f s, curated by %d transform job(s) in"
                            + " %.1f s%n", RUNS, (curating - written) / 1e9, summary.runs().size(),
                    (curated - curating) / 1e9);

            var execution = app.get(org.springframework.batch.core.repository.JobRepository.class)
                    .getJobExecution(summary.runs().get(0).executionId());
            execution.getStepExecutions().forEach(step -> System.out.printf("MinuteRunsTest:   %-26s %6d ms%n",
                    step.getStepName(), Duration.between(step.getStartTime(), step.getEndTime()).toMillis()));

            // then one job consumed them all, and every event is curated
            assertThat(summary.succeeded()).as(String.valueOf(summary.failure())).isTrue();
            assertThat(summary.runs().size()).as("transform jobs for a day of minute-runs").isEqualTo(1);
            assertThat(summary.runs().get(0).consumed()).hasSize(RUNS);
            assertThat(summary.total("email_events").written()).isEqualTo(2L * RUNS);
            assertThat(summary.total("storefront_events").written()).isEqualTo(RUNS);
            assertThat(new CuratedManifests(app.get(Lake.class)).all().get(0).consumed()).hasSize(RUNS);

            // and the next transform finds nothing new (it lists the day's manifests, reads none: all consumed)
            long again = System.nanoTime();
            assertThat(app.get(TransformService.class).run().nothingNew()).isTrue();
            System.out.printf("MinuteRunsTest: the next transform found nothing new in %.2f s%n",
                    (System.nanoTime() - again) / 1e9);
        }
    }

    @Test
    void moreRunsThanOneJobTakesGoToTheNextJobsOfTheSameCallInCommitOrder() {
        try (TestApp app = TestApp.start(dir, Map.of("sendtime.transform.max-ingest-runs-per-job", "50"))) {
            // given 120 minute-runs and a bound of 50 a job
            WebhookRuns webhooks = new WebhookRuns(app.get(Lake.class));
            Instant day = Instant.parse("2026-11-30T00:00:00Z");
            List<String> committed = new java.util.ArrayList<>();
            for (int m = 0; m < 120; m++) {
                Instant from = day.plus(Duration.ofMinutes(m));
                committed.add("webhooks:" + webhooks.commit(from, from.plus(Duration.ofMinutes(1)),
                        Map.of("email_events", List.of(email("o-" + m, "open", from)))));
            }

            // when the transform runs
            TransformSummary summary = app.get(TransformService.class).run();

            // then three jobs took 50, 50 and 20 of them, oldest first
            assertThat(summary.runs()).extracting(r -> r.consumed().size()).containsExactly(50, 50, 20);
            assertThat(summary.runs().stream().flatMap(r -> r.consumed().stream()).toList()).isEqualTo(committed);
            assertThat(summary.total("email_events").written()).isEqualTo(120);
        }
    }

    private static Map<String, Object> email(String id, String kind, Instant at) {
        return Map.of("event_id", id, "provider", "sendgrid", "event", kind, "kind", kind,
                "email", "bob.norman@mail.example.com", "occurred_at", at, "received_at", at.plusSeconds(1));
    }

    private static Map<String, Object> view(String id, Instant at) {
        return Map.of("id", id, "type", "product_viewed", "customer_id", 207119551L, "occurred_at", at,
                "created_at", at.plusSeconds(1), "product_id", 632910392L);
    }
}
