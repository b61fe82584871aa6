package io.sendtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.RunningServer;
import io.sendtime.ingest.WebhookSender;
import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;

/**
 * {@code sendtime serve}'s {@code /metrics} and {@code /health} over real HTTP on loopback, after real jobs ran on the
 * sample APIs: the page is Prometheus text ({@code promtool check metrics}) with the jobs' last runs, the data's
 * ages, the ingestion lag and the API's latency histograms; readiness is DOWN (503) while the data is older than
 * {@code sendtime.serve.health.max-data-age} and UP once a newer extract committed.
 */
class ServeMetricsTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsCarryTheJobsTheDataTheIngestionAndTheApi() throws Exception {
        WebhookSender sender = new WebhookSender();
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            try (RunningServer server = RunningServer.start(dir, Map.of("SENDTIME_WEBHOOK_SECRET", WebhookSender.SECRET),
                    Map.of("sendtime.serve.health.refresh", "1s", "sendtime.serve.commit.interval", "1s"))) {
                sender.to(server.base());
                assertThat(sender.storefront(storefrontEvent("evt_m1")).statusCode()).isEqualTo(200);
                assertThat(sender.post("/v1/events", storefrontEvent("evt_m2")).statusCode()).as("unsigned").isEqualTo(401);

                MetricsPage page = waitFor(server, p -> p.value("sendtime_data_age_seconds",
                        Map.of("source", "webhooks", "entity", "storefront_events")).isPresent());

                // promtool: 0 clean, 1 not Prometheus text, 3 lint findings; those in Micrometer's and Tomcat's own
                // series (jvm_compilation_time_ms_total, system_cpu_count, missing help) are theirs, sendtime's have none
                Promtool.Result check = Promtool.promtool(page.text(), "check", "metrics");
                assertThat(check.exitCode()).as(check.output()).isIn(0, 3);
                assertThat(check.output()).as("promtool check metrics").doesNotContain("error while linting")
                        .doesNotContainPattern("(?m)^sendtime_");

                // the jobs' last runs, as the job repository has them
                for (String source : new String[] {"crm", "commerce"}) {
                    Map<String, String> extract = Map.of("job_name", "extract", "source", source);
                    assertThat(page.value("sendtime_job_last_status", Map.of("job_name", "extract", "source", source,
                            "status", "COMPLETED"))).as(source).contains(1.0);
                    assertThat(page.value("sendtime_job_last_records_read", extract).orElseThrow()).isNotNaN().isPositive();
                    assertThat(page.value("sendtime_job_last_records_written", extract).orElseThrow()).isNotNaN().isPositive();
                    assertThat(page.value("sendtime_job_last_records_quarantined", extract)).isPresent();
                    assertThat(page.value("sendtime_job_last_end_timestamp_seconds", extract).orElseThrow())
                            .isBetween(secondsAgo(3600), secondsAgo(-1));
                    assertThat(page.value("sendtime_job_last_duration_seconds", extract).orElseThrow()).isNotNaN().isPositive();
                }
                for (String job : new String[] {"transform", "load"}) {
                    assertThat(page.value("sendtime_job_last_status", Map.of("job_name", job, "status", "COMPLETED")))
                            .as(job).contains(1.0);
                }
                // the data's ages: the extracts' watermarks, the received events' last run
                assertThat(page.all("sendtime_data_age_seconds", Map.of("source", "crm"))).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.value()).isLessThan(3600));
                assertThat(page.all("sendtime_data_newest_timestamp_seconds", Map.of("source", "commerce"))).isNotEmpty();
                assertThat(page.value("sendtime_monitor_last_read_timestamp_seconds", Map.of()).orElseThrow())
                        .isBetween(secondsAgo(60), secondsAgo(-1)); // between, not greater: NaN is greater than all
                // the ingestion lag: the event is committed (the webhooks series above came from its run)
                assertThat(page.value("sendtime_ingest_events_waiting", Map.of())).contains(0.0);
                assertThat(page.value("sendtime_ingest_oldest_event_age_seconds", Map.of())).contains(0.0);
                assertThat(page.value("sendtime_ingest_last_commit_timestamp_seconds", Map.of()).orElseThrow())
                        .isBetween(secondsAgo(60), secondsAgo(-1));
                assertThat(page.value("sendtime_ingest_log_capacity_bytes", Map.of())).contains(256.0 * 1024 * 1024);
                // the API: per uri template, method and status, with the buckets p99 and the budgets need
                Map<String, String> accepted = Map.of("uri", "/v1/events", "method", "POST", "status", "200");
                assertThat(page.value("http_server_requests_seconds_count", accepted)).contains(1.0);
                assertThat(page.value("http_server_requests_seconds_count", Map.of("uri", "/v1/events", "status", "401")))
                        .contains(1.0);
                for (String le : new String[] {"0.01", "0.05", "0.15", "0.2", "0.3", "+Inf"}) {
                    Map<String, String> bucket = new java.util.HashMap<>(accepted);
                    bucket.put("le", le);
                    assertThat(page.value("http_server_requests_seconds_bucket", bucket)).as("le " + le).isPresent();
                }
                assertThat(page.all("http_server_requests_seconds_bucket", accepted)).hasSizeGreaterThan(20);
                // nothing personal in a label: no customer id, no email, no event id
                assertThat(page.text()).doesNotContain("207119551", "@", "evt_m1");

                HttpResponse<String> liveness = get(server, "/health/liveness");
                assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
                HttpResponse<String> readiness = get(server, "/health/readiness");
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
                assertThat(get(server, "/actuator/prometheus").statusCode()).as("only the mapped paths").isEqualTo(404);
                assertThat(get(server, "/env").statusCode()).as("only health and metrics are exposed").isEqualTo(404);
            }
        }
    }

    @Test
    void readinessIsDownWhileTheDataIsTooOldAndUpOnceItIsFresh() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBothUpTo(Instant.now().minus(Duration.ofDays(3)));
            try (RunningServer server = RunningServer.start(dir, Map.of(), Map.of("sendtime.serve.health.refresh", "1s"))) {
                HttpResponse<String> old = waitForHealth(server, r -> r.body().contains("older than"));
                assertThat(old.statusCode()).as(old.body()).isEqualTo(503);
                assertThat(old.body()).contains("\"DOWN\"", "crm.", "commerce.", "sendtime.serve.health.max-data-age");
                assertThat(get(server, "/health/liveness").statusCode()).as("liveness stays plain").isEqualTo(200);
                MetricsPage page = MetricsPage.parse(get(server, "/metrics").body());
                assertThat(page.all("sendtime_data_age_seconds", Map.of("source", "crm")))
                        .isNotEmpty().allSatisfy(s -> assertThat(s.value()).isNotNaN().isGreaterThan(Duration.ofDays(3).toSeconds()));

                lake.extractBoth();
                HttpResponse<String> fresh = waitForHealth(server, r -> r.statusCode() == 200);
                assertThat(fresh.body()).contains("\"UP\"", "publishedData");
            }
        }
    }

    private static double secondsAgo(long seconds) {
        return Instant.now().minusSeconds(seconds).toEpochMilli() / 1000.0;
    }

    private static String storefrontEvent(String id) {
        return "[{\"id\":\"" + id + "\",\"type\":\"product_viewed\",\"customer_id\":207119551,\"occurred_at\":\""
                + Instant.now().minusSeconds(30) + "\",\"properties\":{\"product_id\":632910392}}]";
    }

    private HttpResponse<String> get(RunningServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private MetricsPage waitFor(RunningServer server, Predicate<MetricsPage> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> answer = get(server, "/metrics");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            MetricsPage page = MetricsPage.parse(answer.body());
            if (ready.test(page) || System.nanoTime() > deadline) {
                return page;
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> waitForHealth(RunningServer server, Predicate<HttpResponse<String>> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> answer = get(server, "/health/readiness");
            if (ready.test(answer) || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(200);
        }
    }
}
