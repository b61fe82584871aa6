package io.sendtime.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import io.sendtime.TestApp;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.jobs.LakeContent;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;
import io.sendtime.samples.Change;
import io.sendtime.samples.Churn;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.Entity;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.RetryDefinition;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/**
 * An entity read in time slices ({@code entities.<entity>.slices}, {@link TimeSlices}) against the real sample
 * commerce API on loopback: a full window, incremental runs with changes and a restart after every few committed
 * chunks each give exactly the lake of the same runs reading the entity whole.
 */
class TimeSlicesTest {

    /** The sample data ends 2026-11-01; the source's clock starts here. */
    private static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");

    @TempDir
    Path dir;

    SampleApis apis;

    @BeforeEach
    void start() {
        apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples()).rateLimit(RateLimit.GENEROUS)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).build());
    }

    @AfterEach
    void stop() {
        apis.close();
    }

    /** An app whose commerce orders are read in {@code slices} slices, pages of 25, two pages a chunk. */
    private TestApp app(String name, int slices) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("sendtime.extract.conversion-threads", 2);
        properties.put("sendtime.extract.prefetch-pages", 1);
        properties.put("sendtime.extract.parallel-entities", 3);
        properties.put("sendtime.sources.commerce.pagination.page-size", 25);
        properties.put("sendtime.sources.commerce.entities.orders.slices", slices);
        properties.put("sendtime.extract.pages-per-chunk", 2);
        TestApp started = TestApp.start(dir.resolve(name), properties);
        SourceClients sources = started.get(SourceClients.class);
        sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
        RetryDefinition quick = new RetryDefinition(4, Duration.ofMillis(5), Duration.ofMillis(200), 2.0, 0.0);
        sources.override(sources.definition("commerce").withBaseUrl(apis.baseUrl().toString()).withRetry(quick));
        return started;
    }

    private static ExtractSummary interval(TestApp on, Instant from, Instant to) {
        return on.get(ExtractService.class).run(new ExtractRequest("commerce", List.of("orders"), from, to, false));
    }

    private static ExtractSummary incremental(TestApp on, Instant to) {
        return on.get(ExtractService.class).run(new ExtractRequest("commerce", List.of("orders", "customers"), null, to,
                false));
    }

    private static ExtractSummary.EntityResult orders(ExtractSummary summary) {
        return summary.entities().stream().filter(e -> e.entity().equals("orders")).findFirst().orElseThrow();
    }

    private static List<String> lake(TestApp app) {
        return LakeContent.records(app.get(Lake.class), "commerce", "orders");
    }

    @Test
    void aFullWindowReadInSlicesGivesTheLakeOfOneReadWhole() {
        // given the whole history read as one partition
        List<String> expected;
        long written;
        Instant from;
        try (TestApp whole = app("whole", 1)) {
            ExtractSummary one = interval(whole, Instant.EPOCH, T0);
            assertThat(one.outcome()).as(one.failure()).isEqualTo(BatchStatus.COMPLETED);
            expected = lake(whole);
            written = orders(one).written();
            from = orders(one).from(); // the lookback before 1970
        }
        assertThat(expected).as("enough orders to cut").hasSizeGreaterThan(200);

        // when the same window is read in 3 slices at once
        try (TestApp sliced = app("sliced", 3)) {
            ExtractSummary three = interval(sliced, Instant.EPOCH, T0);

            // then the lake holds exactly the same records, once each, and the summary counts them once
            assertThat(three.outcome()).as(three.failure()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(lake(sliced)).isEqualTo(expected);
            assertThat(orders(three).written()).isEqualTo(written);
            assertThat(orders(three).from()).isEqualTo(from);
            assertThat(orders(three).to()).isEqualTo(T0);

            // and every slice read a share: cut from where the data begins, not from 1970
            RunManifest.EntityFiles files = new RunManifests(sliced.get(Lake.class)).all("commerce").get(0)
                    .entities().get("orders");
            for (String slice : List.of("-s01-", "-s02-", "-s03-")) {
                assertThat(files.files()).as("files of slice %s", slice).anyMatch(f -> f.contains(slice));
            }
            assertThat(files.from()).isEqualTo(from);
            assertThat(files.to()).isEqualTo(T0);
        }
    }

    @Test
    void incrementalRunsInSlicesGiveTheLakeOfRunsReadingWhole() {
        try (TestApp whole = app("whole", 1); TestApp sliced = app("sliced", 4)) {
            // given a first run of each, on the same source
            assertThat(incremental(whole, T0).succeeded()).isTrue();
            assertThat(incremental(sliced, T0).succeeded()).isTrue();
            assertThat(lake(sliced)).isEqualTo(lake(whole));

            // when the orders change (creates, updates, deletes, ties, one late update inside the lookback) and both
            // run again, twice
            apis.store().advanceClock(Duration.ofMinutes(1));
            List<Change> changes = apis.store().churn(Entity.ORDERS,
                    Churn.of(3, 6, 2).withTies(8).withLate(1, Duration.ofMinutes(3)));
            Instant t1 = apis.store().now().plusSeconds(1);
            ExtractSummary wholeDelta = incremental(whole, t1);
            ExtractSummary slicedDelta = incremental(sliced, t1);
            ExtractSummary wholeAgain = incremental(whole, t1.plusSeconds(30));
            ExtractSummary slicedAgain = incremental(sliced, t1.plusSeconds(30));

            // then the sliced runs read the same delta, skip the same overlap, and end with the same lake
            long distinct = changes.stream().map(Change::id).distinct().count();
            assertThat(orders(slicedDelta).written()).isEqualTo(orders(wholeDelta).written()).isEqualTo(distinct);
            assertThat(orders(slicedAgain).written()).isZero();
            assertThat(orders(slicedAgain).alreadyExtracted()).isEqualTo(orders(wholeAgain).alreadyExtracted())
                    .isEqualTo(distinct);
            assertThat(lake(sliced)).isEqualTo(lake(whole)).doesNotHaveDuplicates();
            assertThat(sliced.get(Watermarks.class).get("commerce", "orders")).get()
                    .extracting(Watermarks.Watermark::highWatermark).isEqualTo(t1.plusSeconds(30));
        }
    }

    @Test
    void aRunWhoseSourceWentDownIsResumedSliceBySliceToTheSameLake() {
        List<String> expected;
        try (TestApp whole = app("whole", 1)) {
            assertThat(interval(whole, Instant.EPOCH, T0).succeeded()).isTrue();
            expected = lake(whole);
        }
        for (int k : List.of(1, 3, 5)) {
            try (TestApp crashing = app("crash-" + k, 3)) {
                // given the source goes down after the k-th chunk committed by any slice
                AtomicInteger committed = new AtomicInteger();
                crashing.get(ExtractProgress.class).reportTo(chunk -> {
                    if (committed.incrementAndGet() == k) {
                        apis.faults().down(true);
                    }
                });
                ExtractSummary failed = interval(crashing, Instant.EPOCH, T0);
                apis.faults().down(false);
                apis.faults().clear();
                assertThat(failed.outcome()).as("run fails after chunk %d", k).isEqualTo(BatchStatus.FAILED);
                assertThat(new RunManifests(crashing.get(Lake.class)).all("commerce")).as("nothing published").isEmpty();

                // when the same interval runs again
                ExtractSummary resumed = interval(crashing, Instant.EPOCH, T0);

                // then the same run resumes each slice from its last checkpoint and ends with the same content
                assertThat(resumed.outcome()).as(resumed.failure()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(resumed.runId()).isEqualTo(failed.runId());
                assertThat(lake(crashing)).as("lake after a crash at chunk %d", k).isEqualTo(expected);
            }
        }
    }
}
