package io.sendtime.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.TestApp;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.jobs.LakeContent;
import io.sendtime.lake.Lake;
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
 * The extract job against the real sample APIs on loopback, with small pages so every run spans many
 * pages and chunks: incremental deltas, lookback overlap, ties across pages, faults, quarantine,
 * schema drift, credentials, interval reruns and restarts from every checkpoint.
 */
class ExtractScenariosTest {

    /** The sample data ends 2026-11-01; the source's clock starts here. */
    private static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");

    @TempDir
    Path dir;

    SampleApis apis;
    TestApp app;

    @BeforeEach
    void start() {
        apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples()).rateLimit(RateLimit.GENEROUS)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).build());
        app = startApp(dir.resolve("var"));
    }

    @AfterEach
    void stop() {
        app.close();
        apis.close();
    }

    private TestApp startApp(Path varDir) {
        return startApp(varDir, 3, 1);
    }

    /**
     * @param conversionThreads pages converted at once (every scenario runs with several, whatever the cores)
     * @param prefetchPages     pages fetched ahead (1 here: a fault set after a chunk hits the page after the next)
     */
    private TestApp startApp(Path varDir, int conversionThreads, int prefetchPages) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("sendtime.extract.conversion-threads", conversionThreads);
        properties.put("sendtime.extract.prefetch-pages", prefetchPages);
        properties.put("sendtime.sources.crm.pagination.page-size", 5);
        properties.put("sendtime.sources.crm.entities.contacts.page-size", 5);
        // many small pages: the sample APIs do not limit the search's rate here, nor does the client
        properties.put("sendtime.sources.crm.rate-limit.requests-per-second", 1000);
        properties.put("sendtime.sources.crm.rate-limit.burst", 100);
        properties.put("sendtime.sources.commerce.pagination.page-size", 25);
        properties.put("sendtime.extract.pages-per-chunk", 2);
        TestApp started = TestApp.start(varDir, properties);
        SourceClients sources = started.get(SourceClients.class);
        sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", apis.crmToken(),
                "SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
        RetryDefinition quick = new RetryDefinition(4, Duration.ofMillis(5), Duration.ofMillis(200), 2.0, 0.0);
        for (String source : List.of("crm", "commerce")) {
            sources.override(sources.definition(source).withBaseUrl(apis.baseUrl().toString()).withRetry(quick));
        }
        return started;
    }

    private ExtractSummary incremental(TestApp on, String source, Instant to) {
        return on.get(ExtractService.class).run(new ExtractRequest(source, List.of(), null, to, false));
    }

    private ExtractSummary interval(TestApp on, String source, String entity, Instant from, Instant to) {
        return on.get(ExtractService.class).run(new ExtractRequest(source, List.of(entity), from, to, false));
    }

    private static ExtractSummary.EntityResult entity(ExtractSummary summary, String name) {
        return summary.entities().stream().filter(e -> e.entity().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aSecondIncrementalRunReturnsOnlyTheDeltaAndALaterOneSkipsTheOverlap() {
        // given a first run that took everything up to T0
        long before = apis.store().size(Entity.CONTACTS);
        ExtractSummary first = incremental(app, "crm", T0);
        assertThat(first.outcome()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(entity(first, "contacts").written()).isEqualTo(apis.store().size(Entity.CONTACTS));
        assertThat(entity(first, "contacts").pages()).as("many pages").isGreaterThan(10);

        // when the CRM changes: creates, updates, a delete, 12 records sharing one timestamp across
        // pages of 5, and a late update stamped before the first run's watermark
        apis.store().advanceClock(Duration.ofMinutes(1));
        List<Change> changes = apis.store().churn(Entity.CONTACTS,
                Churn.of(2, 3, 1).withTies(12).withLate(1, Duration.ofMinutes(3)));
        assertThat(changes).anyMatch(c -> c.at().isBefore(T0));
        Instant t1 = apis.store().now().plusSeconds(1);
        ExtractSummary second = incremental(app, "crm", t1);

        // then exactly the changes are extracted, the late one included (lookback), none twice
        long distinct = changes.stream().map(Change::id).distinct().count();
        assertThat(entity(second, "contacts").written()).as("only the delta: %s", changes).isEqualTo(distinct);
        assertThat(entity(second, "subscriptions").written()).as("subscriptions did not change").isZero();
        assertThat(app.get(Watermarks.class).get("crm", "contacts")).get()
                .extracting(Watermarks.Watermark::highWatermark).isEqualTo(t1);
        List<String> lake = LakeContent.records(app.get(Lake.class), "crm", "contacts");
        assertThat(lake).as("the first run's records plus one new version per changed contact")
                .hasSize((int) (before + distinct)).doesNotHaveDuplicates();

        // and a third run right after re-reads the overlap but writes nothing again
        ExtractSummary third = incremental(app, "crm", t1.plusSeconds(30));
        assertThat(entity(third, "contacts").written()).isZero();
        assertThat(entity(third, "contacts").alreadyExtracted()).as("lookback overlap skipped, counted")
                .isEqualTo(distinct);
    }

    @Test
    void aWindowAfterAllDataReturnsNothing() {
        ExtractSummary future = interval(app, "commerce", "orders", Instant.parse("2027-01-01T00:00:00Z"),
                Instant.parse("2027-01-02T00:00:00Z"));

        assertThat(future.outcome()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(entity(future, "orders").written()).isZero();
        assertThat(entity(future, "orders").files()).isZero();
    }

    @Test
    void rateLimitsServerErrorsDroppedConnectionsAndTruncatedBodiesAreRecovered() throws Exception {
        // given a clean reference run of the same interval in another lake
        List<String> expected;
        // the reference converts on one thread; the crashing runs below on three (startApp's default)
        try (TestApp clean = startApp(dir.resolve("clean"), 1, 1)) {
            assertThat(interval(clean, "commerce", "orders", Instant.EPOCH, T0).succeeded()).isTrue();
            expected = LakeContent.records(clean.get(Lake.class), "commerce", "orders");
        }
        // when the source misbehaves in every way it can, eight failures in a row (10 attempts allowed)
        SourceClients sources = app.get(SourceClients.class);
        sources.override(sources.definition("commerce")
                .withRetry(new RetryDefinition(10, Duration.ofMillis(5), Duration.ofMillis(200), 2.0, 0.0)));
        String orders = "/admin/api/2024-10/orders.json";
        apis.faults().rateLimitBurst(2, Duration.ofMillis(50), orders);
        apis.faults().serverError(503, 1, orders);
        apis.faults().serverError(500, 1, orders);
        apis.faults().dropConnection(2, orders);
        apis.faults().truncateBody(2, orders);
        ExtractSummary summary = interval(app, "commerce", "orders", Instant.EPOCH, T0);

        // then the run completes with exactly the same content
        assertThat(summary.outcome()).as(summary.failure()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(apis.faults().firedTotal()).as("the faults really happened").isGreaterThanOrEqualTo(7);
        assertThat(LakeContent.records(app.get(Lake.class), "commerce", "orders")).isEqualTo(expected);
    }

    @Test
    void rejectedCredentialsFailClearlyAndTouchNothing() {
        app.get(SourceClients.class).useSecrets(SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", "wrong")));

        ExtractSummary summary = incremental(app, "crm", T0);

        assertThat(summary.outcome()).isEqualTo(BatchStatus.FAILED);
        assertThat(summary.failure()).doesNotContain("\n").contains("crm").contains("401").contains("SENDTIME_CRM_TOKEN")
                .doesNotContain("wrong");
        assertThat(app.get(Watermarks.class).get("crm", "contacts")).isEmpty();
        assertThat(new RunManifests(app.get(Lake.class)).all("crm")).isEmpty();
        assertThat(app.lakeDir().resolve("raw/crm/contacts")).doesNotExist();
    }

    @Test
    void tokensStayOutOfLogsAndMessages() {
        // given every log event of sendtime and Spring Batch, down to debug, captured (and kept off the console)
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        root.addAppender(events);
        Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level> levels = new java.util.LinkedHashMap<>();
        for (String name : List.of("io.sendtime", "org.springframework.batch", "org.springframework.batch.core.step",
                "org.springframework.batch.core.job", "org.springframework.batch.core.partition")) {
            ch.qos.logback.classic.Logger logger = root.getLoggerContext().getLogger(name);
            levels.put(logger, logger.getLevel());
            logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(events);
        }
        String wrong = "wrong-token-5e1f0a";
        List<String> said = new java.util.ArrayList<>();
        try {
            // when an extract runs with the right token, then with a wrong one
            said.add(String.valueOf(incremental(app, "crm", T0).failure()));
            app.get(SourceClients.class).useSecrets(SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", wrong)));
            ExtractSummary refused = incremental(app, "crm", T0.plusSeconds(3600));
            assertThat(refused.outcome()).isEqualTo(BatchStatus.FAILED);
            said.add(refused.failure());
        } finally {
            root.detachAppender(events);
            levels.forEach((logger, level) -> {
                logger.detachAppender(events);
                logger.setAdditive(true);
                logger.setLevel(level);
            });
        }
        for (ch.qos.logback.classic.spi.ILoggingEvent e : events.list) {
            said.add(e.getFormattedMessage());
            for (ch.qos.logback.classic.spi.IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                said.add(t.getMessage());
            }
        }

        // then neither token is in any log line, exception message or summary
        assertThat(events.list).as("the run logged").isNotEmpty();
        assertThat(said).allSatisfy(line -> assertThat(String.valueOf(line)).doesNotContain(apis.crmToken())
                .doesNotContain(wrong));
    }

    @Test
    void recordsThatBreakTheSchemaAreQuarantinedAndNewFieldsKept() throws Exception {
        // given the CRM sends a few broken contacts and one with a field the schema does not know
        Instant at = Instant.parse("2026-11-05T00:00:00Z");
        String modified = "\"lastmodifieddate\":\"2026-11-05T00:00:00.000Z\"";
        apis.store().inject(Entity.CONTACTS, at, "90001", """
                {"properties":{"email":"noid@example.com",%s},"updatedAt":"2026-11-05T00:00:00.000Z","archived":false}"""
                .formatted(modified));
        apis.store().inject(Entity.CONTACTS, at, "90002", """
                {"id":"90002","properties":{"createdate":"last tuesday",%s},"updatedAt":"2026-11-05T00:00:00.000Z"}"""
                .formatted(modified));
        apis.store().inject(Entity.CONTACTS, at, "90003", """
                {"id":"90003","properties":{%s},"updatedAt":"2026-11-05T00:00:00.000Z","archived":"maybe"}"""
                .formatted(modified));
        // (a search answers only the properties asked for: a new field arrives beside them)
        apis.store().inject(Entity.CONTACTS, at, "90004", """
                {"id":"90004","properties":{"email":"new@example.com",%s},"objectWriteTraceId":"teal",
                 "updatedAt":"2026-11-05T00:00:00.000Z","archived":false}""".formatted(modified).replace("\n", ""));

        // when
        ExtractSummary summary = interval(app, "crm", "contacts", Instant.EPOCH, T0);

        // then the run completes, the broken ones are counted and kept with their reasons
        assertThat(summary.outcome()).as("%s", summary).isEqualTo(BatchStatus.COMPLETED);
        var contacts = entity(summary, "contacts");
        assertThat(contacts.quarantined()).isEqualTo(3);
        assertThat(contacts.written()).isEqualTo(apis.store().size(Entity.CONTACTS) - 3);
        assertThat(contacts.newFields()).containsExactly("objectWriteTraceId");
        List<String> reasons;
        try (var files = Files.walk(app.lakeDir().resolve("quarantine/extract/crm/contacts"))) {
            reasons = files.filter(p -> p.toString().endsWith(".jsonl")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(line -> {
                try {
                    var json = new ObjectMapper().readTree(line);
                    assertThat(json.get("received").asText()).as("the record as received").startsWith("{");
                    return json.get("reason").asText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(reasons).containsExactlyInAnyOrder("missing id 'id'",
                "field 'createdate': unparseable timestamp 'last tuesday'", "field 'archived': expected a boolean, got string 'maybe'");
        assertThat(LakeContent.records(app.get(Lake.class), "crm", "contacts"))
                .anyMatch(r -> r.contains("_extra={\"objectWriteTraceId\":\"teal\"}"));
    }

    @Test
    void anIntervalIsExtractedOnceHoweverOftenItRuns() {
        ExtractSummary first = interval(app, "commerce", "customers", Instant.EPOCH, T0);
        ExtractSummary again = interval(app, "commerce", "customers", Instant.EPOCH, T0);

        assertThat(first.outcome()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(again.alreadyComplete()).isTrue();
        assertThat(again.runId()).isEqualTo(first.runId());
        assertThat(new RunManifests(app.get(Lake.class)).all("commerce")).hasSize(1);
    }

    @Test
    void anIntervalWhoseRunFailedForGoodIsReadByTheNextIntervalExactlyOnce() {
        // given everything up to T0, then an hour of changes whose hourly run fails beyond its retries
        assertThat(interval(app, "commerce", "customers", Instant.EPOCH, T0).outcome()).isEqualTo(BatchStatus.COMPLETED);
        long before = LakeContent.records(app.get(Lake.class), "commerce", "customers").size();
        apis.store().advanceClock(Duration.ofMinutes(30));
        List<Change> firstHour = apis.store().churn(Entity.CUSTOMERS, Churn.of(2, 4, 1));
        apis.faults().serverError(503, 10_000, "/admin/");
        ExtractSummary failed = interval(app, "commerce", "customers", T0, T0.plus(Duration.ofHours(1)));
        assertThat(failed.succeeded()).isFalse();
        apis.faults().clear();

        // when the next hour's run (catchup is off: nobody reruns the failed hour) reads its own interval
        apis.store().advanceClock(Duration.ofHours(1));
        List<Change> secondHour = apis.store().churn(Entity.CUSTOMERS, Churn.of(1, 3, 0).withSeed(11));
        ExtractSummary next = interval(app, "commerce", "customers", T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)));

        // then it also read the failed hour, from the watermark on: every change of both hours, once
        assertThat(next.succeeded()).isTrue();
        assertThat(entity(next, "customers").from()).isEqualTo(T0.minus(Duration.ofMinutes(5)));
        long versions = firstHour.stream().map(Change::id).distinct().count()
                + secondHour.stream().map(Change::id).distinct().count();
        assertThat(LakeContent.records(app.get(Lake.class), "commerce", "customers"))
                .hasSize((int) (before + versions)).doesNotHaveDuplicates();

        // and a backfill of an hour before the watermark reads just that hour
        ExtractSummary backfill = interval(app, "commerce", "customers", T0.minus(Duration.ofHours(3)),
                T0.minus(Duration.ofHours(2)));
        assertThat(entity(backfill, "customers").from()).isEqualTo(T0.minus(Duration.ofHours(3)).minus(Duration.ofMinutes(5)));
    }

    @Test
    void aFullRefreshAndAnHourlyRunTakeTurnsInsteadOfFailingEachOther() throws Exception {
        // given a full refresh of the orders that takes a while
        apis.faults().slow(Duration.ofMillis(100), 1_000, "/admin/api/2024-10/orders.json");
        var full = java.util.concurrent.CompletableFuture.supplyAsync(() -> app.get(ExtractService.class).run(
                new ExtractRequest("commerce", List.of("orders"), null, T0, true)));
        long deadline = System.currentTimeMillis() + 20_000;
        while (app.get(io.sendtime.jobs.JobRuns.class).running(ExtractJobConfiguration.JOB_NAME).isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        // when an hourly run of the same entity starts meanwhile: without waiting it is refused, with --wait it
        // runs once the full refresh is done
        ExtractRequest hourly = new ExtractRequest("commerce", List.of("orders"), T0.minus(Duration.ofHours(1)), T0,
                false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.get(ExtractService.class).run(hourly))
                .hasMessageContaining("is still running");
        ExtractSummary waited = app.get(ExtractService.class).run(new ExtractRequest(hourly.source(), hourly.entities(),
                hourly.from(), hourly.to(), false, Duration.ofSeconds(60)));

        // then both succeed
        assertThat(full.get(60, java.util.concurrent.TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(waited.succeeded()).isTrue();
    }

    @Test
    void anExtractJobStartedPastTheServicesCheckStillWaitsForTheRunningOne() throws Exception {
        // given a full refresh of the orders that takes a while
        apis.faults().slow(Duration.ofMillis(100), 1_000, "/admin/api/2024-10/orders.json");
        var full = java.util.concurrent.CompletableFuture.supplyAsync(() -> app.get(ExtractService.class).run(
                new ExtractRequest("commerce", List.of("orders"), null, T0, true)));
        long deadline = System.currentTimeMillis() + 20_000;
        while (app.get(io.sendtime.jobs.JobRuns.class).running(ExtractJobConfiguration.JOB_NAME).isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        // when an hourly run's job starts without ExtractService's check first, as one does when two processes
        // check at the same moment and both find nothing running
        ExtractParameters plan = app.get(ExtractService.class).plan(new ExtractRequest("commerce", List.of("orders"),
                T0.minus(Duration.ofHours(1)), T0, false));
        var parameters = new org.springframework.batch.core.job.parameters.JobParametersBuilder(
                plan.toJobParameters(Instant.now())).addString(ExtractTurns.WAIT, "PT60S", false).toJobParameters();
        var hourly = app.get(io.sendtime.jobs.JobRuns.class).startOrResume(
                app.get(ExtractJobConfiguration.JOB_NAME + "Job", org.springframework.batch.core.job.Job.class),
                parameters).execution();

        // then it waited: both succeed, and it decided its window from the watermark the full refresh committed
        ExtractSummary fullSummary = full.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(fullSummary.succeeded()).isTrue();
        assertThat(hourly.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        var step = app.get(org.springframework.batch.core.repository.JobRepository.class)
                .getLastStepExecution(hourly.getJobInstance(), ExtractJobConfiguration.ENTITY_STEP + ":orders");
        assertThat(step.getExecutionContext().getString(ExtractWindows.PREVIOUS)).isEqualTo(T0.toString());
    }

    @Test
    void aRunThatEndsBehindTheWatermarkPutsItsRecordsInTheBoundarySoTheNextRunSkipsThem() {
        // given a full refresh that read up to a minute past the hour (it started after the hourly run's interval end)
        apis.store().advanceClock(Duration.ofMinutes(1));
        assertThat(app.get(ExtractService.class).run(new ExtractRequest("commerce", List.of("customers"), null,
                T0.plus(Duration.ofMinutes(1)), true)).succeeded()).isTrue();
        // and changes after it, stamped before the hour's end (late, but within the lookback)
        List<Change> late = apis.store().churn(Entity.CUSTOMERS, Churn.of(0, 0, 0).withLate(3, Duration.ofMinutes(2)));

        // when the hourly run that took its turn after the full refresh writes them, behind its watermark,
        ExtractSummary hourly = interval(app, "commerce", "customers", T0.minus(Duration.ofHours(1)), T0);
        assertThat(entity(hourly, "customers").written()).isEqualTo(late.size());
        // and the next hour's run reads its lookback band
        ExtractSummary next = interval(app, "commerce", "customers", T0, T0.plus(Duration.ofHours(1)));

        // then it skips them: every version once since the full refresh
        assertThat(entity(next, "customers").written()).isZero();
        assertThat(new io.sendtime.lake.RawVerify(app.get(Lake.class)).run())
                .filteredOn(e -> e.entity().equals("customers")).singleElement()
                .satisfies(e -> assertThat(e.duplicates()).isZero());
    }

    @Test
    void anHourlyRunThatTakesItsTurnAfterAFullRefreshDoesNotWriteAgainWhatTheFullRefreshWrote() {
        // given changes in the middle of an hour (below the lookback band of what comes next)
        List<Change> hour = apis.store().churn(Entity.CUSTOMERS, Churn.of(0, 0, 0).withLate(5, Duration.ofMinutes(30)));
        // and a full refresh that started after the hour's end and went first
        apis.store().advanceClock(Duration.ofMinutes(1));
        assertThat(app.get(ExtractService.class).run(new ExtractRequest("commerce", List.of("customers"), null,
                T0.plus(Duration.ofMinutes(1)), true)).succeeded()).isTrue();

        // when the hour's run takes its turn after it
        ExtractSummary hourly = interval(app, "commerce", "customers", T0.minus(Duration.ofHours(1)), T0);

        // then it finds the hour's changes in the lake and writes none of them again
        assertThat(hourly.succeeded()).isTrue();
        assertThat(entity(hourly, "customers").alreadyExtracted()).isEqualTo(hour.size());
        assertThat(entity(hourly, "customers").written()).isZero();
        assertThat(LakeContent.records(app.get(Lake.class), "commerce", "customers")).doesNotHaveDuplicates();
    }

    @Test
    void anHourlyRunThatWentFirstKeepsWhatTheFullRefreshBehindItDidNotRead() {
        // given changes stamped just before the hour's end, which the hourly run reads first
        apis.store().advanceClock(Duration.ofMinutes(1));
        List<Change> lastSeconds = apis.store().churn(Entity.CUSTOMERS,
                Churn.of(0, 0, 0).withLate(4, Duration.ofSeconds(70)));
        ExtractSummary hourly = interval(app, "commerce", "customers", T0.minus(Duration.ofHours(1)), T0);
        assertThat(entity(hourly, "customers").written()).isEqualTo(lastSeconds.size());
        // and a full refresh that took its turn after it but reads only up to before them (now minus its safety lag)
        assertThat(app.get(ExtractService.class).run(new ExtractRequest("commerce", List.of("customers"), null,
                T0.minus(Duration.ofSeconds(20)), true)).succeeded()).isTrue();

        // when the next hour's run reads its lookback band
        ExtractSummary next = interval(app, "commerce", "customers", T0, T0.plus(Duration.ofHours(1)));

        // then it skips them: they are in the lake once, from the hourly run, and lake verify counts them
        assertThat(entity(next, "customers").written()).isZero();
        assertThat(entity(next, "customers").alreadyExtracted()).isGreaterThanOrEqualTo(lastSeconds.size());
        assertThat(new io.sendtime.lake.RawVerify(app.get(Lake.class)).run())
                .filteredOn(e -> e.entity().equals("customers")).singleElement()
                .satisfies(e -> assertThat(e.duplicates()).isZero());
    }

    @Test
    void restartingFromEveryCheckpointGivesTheSameLakeAsOneUninterruptedRun() {
        List<String> expected;
        int chunks;
        // the reference converts on one thread; the crashing runs below on three (startApp's default)
        try (TestApp clean = startApp(dir.resolve("clean"), 1, 1)) {
            ExtractSummary uninterrupted = interval(clean, "commerce", "orders", Instant.EPOCH, T0);
            expected = LakeContent.records(clean.get(Lake.class), "commerce", "orders");
            chunks = entity(uninterrupted, "orders").files();
        }
        assertThat(chunks).as("enough checkpoints to test").isGreaterThanOrEqualTo(5);

        for (int k = 1; k < chunks; k++) {
            try (TestApp crashing = startApp(dir.resolve("crash-" + k))) {
                // given the source goes down right after the k-th committed chunk
                int failAfter = k;
                AtomicInteger committed = new AtomicInteger();
                crashing.get(ExtractProgress.class).reportTo(chunk -> {
                    if (committed.incrementAndGet() == failAfter) {
                        apis.faults().down(true);
                    }
                });
                ExtractSummary failed = interval(crashing, "commerce", "orders", Instant.EPOCH, T0);
                apis.faults().down(false);
                apis.faults().clear();
                assertThat(failed.outcome()).as("run %d fails after chunk %d", k, k).isEqualTo(BatchStatus.FAILED);
                assertThat(new RunManifests(crashing.get(Lake.class)).all("commerce")).as("nothing published").isEmpty();

                // when the same interval runs again
                ExtractSummary resumed = interval(crashing, "commerce", "orders", Instant.EPOCH, T0);

                // then it resumes the same run and ends with exactly the uninterrupted content
                assertThat(resumed.outcome()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(resumed.runId()).isEqualTo(failed.runId());
                assertThat(LakeContent.records(crashing.get(Lake.class), "commerce", "orders"))
                        .as("lake after a crash at checkpoint %d", k).isEqualTo(expected);
            }
        }
    }

    @Test
    void restartingWithPagesFetchedFarAheadGivesTheSameLakeAsOneUninterruptedRun() {
        List<String> expected;
        int chunks;
        try (TestApp clean = startApp(dir.resolve("clean"), 1, 1)) {
            ExtractSummary uninterrupted = interval(clean, "commerce", "orders", Instant.EPOCH, T0);
            expected = LakeContent.records(clean.get(Lake.class), "commerce", "orders");
            chunks = entity(uninterrupted, "orders").files();
        }
        int restarted = 0;
        for (int k = 1; k < chunks; k++) {
            try (TestApp crashing = startApp(dir.resolve("ahead-" + k), 3, 5)) {
                // given the source goes down right after the k-th committed chunk, up to 5 pages already fetched
                int failAfter = k;
                AtomicInteger committed = new AtomicInteger();
                crashing.get(ExtractProgress.class).reportTo(chunk -> {
                    if (committed.incrementAndGet() == failAfter) {
                        apis.faults().down(true);
                    }
                });
                ExtractSummary first = interval(crashing, "commerce", "orders", Instant.EPOCH, T0);
                apis.faults().down(false);
                apis.faults().clear();
                if (first.outcome() == BatchStatus.FAILED) {
                    // then what was fetched ahead and not committed is fetched again by the resumed run
                    restarted++;
                    assertThat(new RunManifests(crashing.get(Lake.class)).all("commerce")).as("nothing published").isEmpty();
                    ExtractSummary resumed = interval(crashing, "commerce", "orders", Instant.EPOCH, T0);
                    assertThat(resumed.outcome()).isEqualTo(BatchStatus.COMPLETED);
                    assertThat(resumed.runId()).isEqualTo(first.runId());
                } else {
                    // (every page was fetched before the source went down: the run finished)
                    assertThat(first.outcome()).isEqualTo(BatchStatus.COMPLETED);
                }
                assertThat(LakeContent.records(crashing.get(Lake.class), "commerce", "orders"))
                        .as("lake after the source went down after chunk %d", k).isEqualTo(expected);
            }
        }
        assertThat(restarted).as("runs that failed and were resumed").isPositive();
    }
}
