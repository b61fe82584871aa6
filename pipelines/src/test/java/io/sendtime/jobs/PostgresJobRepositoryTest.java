package io.sendtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import io.sendtime.TestApp;
import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.extract.ExtractSummary;
import io.sendtime.lake.Lake;
import io.sendtime.load.CuratedCatalog;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.Entity;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.RetryDefinition;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/**
 * The job repository on PostgreSQL (from Debian's packages, started by the test command): an
 * interval whose second entity fails is resumed by rerunning the interval, only the failed
 * partition runs again, and the lake holds every record once.
 */
class PostgresJobRepositoryTest {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aFailedIntervalResumesOnPostgresWithoutDuplicates() throws Exception {
        if (System.getenv("CI") != null) {
            assertThat(TestApp.postgresAvailable()).as("CI runs the PostgreSQL job repository tests (.ci/postgres.sh)")
                    .isTrue();
        }
        assumeTrue(TestApp.postgresAvailable(), "PostgreSQL not set up: run the suite with ./sendtime test");
        Map<String, Object> properties = new HashMap<>(TestApp.postgres("sendtime_it_resume"));
        properties.put("sendtime.sources.crm.pagination.page-size", 10);
        properties.put("sendtime.extract.pages-per-chunk", 2);

        try (SampleApis apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).build());
             TestApp app = TestApp.start(dir, properties)) {
            SourceClients sources = app.get(SourceClients.class);
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", apis.crmToken())));
            sources.override(sources.definition("crm").withBaseUrl(apis.baseUrl().toString())
                    .withRetry(new RetryDefinition(2, Duration.ofMillis(5), Duration.ofMillis(10), 2.0, 0.0)));
            ExtractService extract = app.get(ExtractService.class);
            ExtractRequest interval = new ExtractRequest("crm", List.of(), FROM, TO, false);

            // given subscriptions answer 503 for longer than the retries last
            apis.faults().serverError(503, 1_000, "/email/public/v1/subscriptions");
            ExtractSummary failed = extract.run(interval);
            assertThat(failed.outcome()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.failure()).contains("crm").contains("503");

            // when the source recovers and the same interval runs again
            apis.faults().clear();
            ExtractSummary resumed = extract.run(interval);

            // then the same job instance completes: contacts were not extracted twice
            assertThat(resumed.outcome()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(resumed.runId()).isEqualTo(failed.runId());
            Lake lake = app.get(Lake.class);
            List<String> contacts = LakeContent.records(lake, "crm", "contacts");
            List<String> subscriptions = LakeContent.records(lake, "crm", "subscriptions");
            assertThat(contacts).hasSize((int) apis.store().size(Entity.CONTACTS)).doesNotHaveDuplicates();
            // (HubSpot's subscriptions timeline lists no status of a contact without an address: 8 of them)
            assertThat(subscriptions).hasSize((int) apis.store().size(Entity.SUBSCRIPTIONS) - 8);
            assertThat(new HashSet<>(subscriptions)).hasSameSizeAs(subscriptions);
            // and a third run of the interval is a no-op
            assertThat(extract.run(interval).alreadyComplete()).isTrue();
        }

        // and the history really lives in PostgreSQL
        try (var c = DriverManager.getConnection(System.getenv("SENDTIME_TEST_POSTGRES_URL") + "?currentSchema=sendtime_it_resume",
                System.getenv("SENDTIME_TEST_POSTGRES_USER"), System.getenv("SENDTIME_TEST_POSTGRES_PASSWORD"));
             var rs = c.createStatement().executeQuery(
                     "SELECT string_agg(status, ',' ORDER BY job_execution_id) FROM batch_job_execution")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("FAILED,COMPLETED");
        }
    }

    @Test
    void aSecondCompactionOfAManifestIsRefusedOnPostgresAllOrNothing() {
        if (System.getenv("CI") != null) {
            assertThat(TestApp.postgresAvailable()).isTrue();
        }
        assumeTrue(TestApp.postgresAvailable(), "PostgreSQL not set up: run the suite with ./sendtime test");
        try (TestApp app = TestApp.start(dir, TestApp.postgres("sendtime_it_compaction"))) {
            CuratedCatalog catalog = app.get(CuratedCatalog.class);
            catalog.recordCompaction("20260101T000000Z-c000001", List.of("t1", "t2"), Instant.now());
            // PostgreSQL aborts a transaction at its first failed statement: the refusal still names the
            // compaction that holds the manifest, and records nothing of the second
            assertThatThrownBy(() -> catalog.recordCompaction("20260101T000000Z-c000002", List.of("t3", "t2"), Instant.now()))
                    .hasMessage("curated manifest t2 was already compacted by 20260101T000000Z-c000001 (another lake"
                            + " housekeep?); this compaction is not committed");
            assertThat(catalog.snapshot().compactions()).containsOnlyKeys("20260101T000000Z-c000001");
        }
    }
}
