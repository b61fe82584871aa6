package io.sendtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.RunningServer;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.lake.PublishedProfiles;
import io.sendtime.load.LoadService;
import io.sendtime.load.LoadSummary;
import io.sendtime.samples.Churn;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.SqlScript;
import io.sendtime.warehouse.Warehouse;

/**
 * {@code GET /v1/profiles/<id>} over real HTTP on loopback, served from the snapshot the load publishes: after a load
 * of the samples every profile served (by customer key and by email SHA-256) equals the warehouse's, queried after
 * the server read it; an incremental load publishes a delta and the server shows the new values without a restart;
 * requests made while the load writes the warehouse and the server switches to the new snapshot all answer 200; every read is in the audit log, without the id.
 */
class ProfilesApiTest {

    /** A tool granted whole profiles (sendtime.serve.api.clients.support.profiles), and an email service that is not. */
    static final String TOKEN = "support-tool-token-0123456789abcdef0123";
    static final String OTHER = "esp-token-0123456789abcdef0123456789ab";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesEveryProfileAsTheWarehouseHoldsItAndFollowsEachLoad() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            LoadSummary first = load(lake);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            try (RunningServer server = RunningServer.start(dir, Map.of("API_SUPPORT", TOKEN, "API_ESP", OTHER),
                    Map.of("sendtime.serve.profiles.poll", "200ms", "sendtime.serve.api.clients.support.token-env", "API_SUPPORT",
                            "sendtime.serve.api.clients.support.profiles", "true",
                            "sendtime.serve.api.clients.esp.token-env", "API_ESP"))) {
                awaitSnapshot(server, first.loadId());
                int compared = assertServedEqualsWarehouse(server, warehouse);
                assertThat(compared).isGreaterThan(50);

                HttpResponse<String> unknown = get(server, "/v1/profiles/0123456789abcdef");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body()).isEqualTo("{\"error\":\"no profile for this id\"}");
                // whole profiles only for a client granted them; none without a token
                HttpClient plain = HttpClient.newHttpClient();
                for (String token : new String[] {OTHER, null}) {
                    HttpRequest.Builder refused = HttpRequest.newBuilder(URI.create(server.base() + "/v1/profiles/0123456789abcdef"));
                    if (token != null) {
                        refused.header("Authorization", "Bearer " + token);
                    }
                    assertThat(plain.send(refused.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                            .isEqualTo(token == null ? 401 : 403);
                }

                // an incremental load with changes at the sources, while a client keeps reading
                lake.apis.store().churnAll(Churn.of(0, 1, 1).withSeed(7));
                lake.extractBoth();
                lake.transform();
                String steady = steadyCustomer(warehouse);
                Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
                AtomicBoolean loading = new AtomicBoolean(true);
                AtomicInteger duringLoad = new AtomicInteger();
                Thread reader = new Thread(() -> {
                    while (loading.get()) {
                        try {
                            statuses.merge(get(server, "/v1/profiles/" + steady).statusCode(), 1, Integer::sum);
                            duringLoad.incrementAndGet();
                        } catch (Exception e) {
                            statuses.merge(-1, 1, Integer::sum);
                        }
                    }
                });
                reader.start();
                LoadSummary second;
                try {
                    second = load(lake);
                    awaitSnapshot(server, second.loadId()); // and while the server switches to its snapshot
                } finally {
                    loading.set(false);
                    reader.join();
                }
                assertThat(statuses).as("answers while the load wrote the warehouse and the server switched snapshots")
                        .containsOnlyKeys(200);
                assertThat(duringLoad.get()).isGreaterThan(10);

                ProfileSnapshots.Pointer pointer = PublishedProfiles.snapshots(dir.resolve("lake")).current();
                assertThat(pointer.loadId()).isEqualTo(second.loadId());
                assertThat(pointer.deltas()).as("the incremental load published a delta, not a new base").hasSize(1);
                assertThat(second.counts().get("profiles_published")).isPositive()
                        .isLessThan(second.counts().get("profiles"));

                awaitSnapshot(server, second.loadId());
                assertServedEqualsWarehouse(server, warehouse);

                get(server, "/v1/profiles/" + steady);
                get(server, "/v1/profiles/" + steady.toUpperCase());
                get(server, "/v1/profiles/not-a-customer");
                List<String> audit = Files.readAllLines(dir.resolve("audit/profile-reads.jsonl"));
                assertThat(audit).hasSizeGreaterThan(2 * compared);
                assertThat(audit).noneMatch(l -> l.contains(steady));
                JsonNode line = JSON.readTree(audit.get(0));
                assertThat(line.path("client").asText()).isEqualTo("support");
                assertThat(line.path("found").asBoolean()).isTrue();
                assertThat(line.path("id_hash").asText()).matches("[0-9a-f]{16}");
                JsonNode unknownRead = JSON.readTree(audit.get(audit.size() - 1));
                assertThat(unknownRead.path("found").asBoolean()).isFalse();
                assertThat(JSON.readTree(audit.get(audit.size() - 3)).path("id_hash"))
                        .as("one id, one hash: reads of a customer can be told apart without naming them")
                        .isEqualTo(JSON.readTree(audit.get(audit.size() - 2)).path("id_hash"))
                        .isNotEqualTo(unknownRead.path("id_hash"));
            }
        }
    }

    static LoadSummary load(SampleLake lake) {
        LoadSummary summary = lake.app.get(LoadService.class).run(false, null);
        assertThat(summary.succeeded()).as(String.valueOf(summary.failure())).isTrue();
        return summary;
    }

    /** Waits until the server serves the snapshot of {@code loadId}. */
    static void awaitSnapshot(RunningServer server, long loadId) throws InterruptedException {
        ServedProfiles profiles = server.bean(ServedProfiles.class);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (profiles.snapshot() == null || profiles.snapshot().loadId() != loadId) {
            assertThat(System.nanoTime()).as("the server loads the snapshot of load " + loadId).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** A customer whose contact and customer records the churn leaves alone (their profile stays). */
    private static String steadyCustomer(Warehouse warehouse) {
        return warehouse.read(h -> h.createQuery("SELECT customer_key FROM profiles WHERE crm_contact_id IS NOT NULL"
                + " AND commerce_customer_id IS NOT NULL ORDER BY customer_key LIMIT 1").mapTo(String.class).one());
    }

    /**
     * Every profile of the warehouse, as the warehouse computes it now at the last load's as_of (its features, segments,
     * current consents, and the template context by the render's expression), equals what the server answers by
     * customer key and by email SHA-256; returns how many.
     */
    static int assertServedEqualsWarehouse(RunningServer server, Warehouse warehouse) throws Exception {
        String asOf = "(SELECT max(as_of) FROM load_log)";
        String context = SqlScript.load("render/template_context.sql").statements(Map.of()).get(0);
        List<Map<String, Object>> expected = warehouse.read(h -> h.createQuery("""
                WITH m AS (SELECT customer_key, list(segment ORDER BY segment) AS segments,
                                  max(segment) FILTER (WHERE is_primary) AS primary_segment
                           FROM segment_memberships GROUP BY 1),
                     c AS (SELECT customer_key, list({'channel': channel, 'status': status, 'since': valid_from,
                                  'source': source} ORDER BY channel) AS consents FROM consents WHERE is_current GROUP BY 1),
                     b AS (SELECT oi.customer_key, list(DISTINCT oi.product_id ORDER BY oi.product_id) AS product_ids
                           FROM order_items oi JOIN orders o USING (order_id)
                           WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL GROUP BY 1),
                     a AS (SELECT f.* EXCLUDE (row_hash, snapshot_version, updated_at), coalesce(m.segments, []::VARCHAR[]) AS segments, m.primary_segment
                           FROM profile_features_at(%s) f LEFT JOIN m USING (customer_key))
                SELECT a.customer_key, a.email_sha256, to_json(a)::VARCHAR AS features,
                       to_json(coalesce(c.consents, []))::VARCHAR AS consents, %s AS context,
                       count(*) OVER (PARTITION BY a.email_sha256) AS sharing_sha
                FROM a LEFT JOIN c USING (customer_key) LEFT JOIN b USING (customer_key)
                ORDER BY a.customer_key""".formatted(asOf, context)).mapToMap().list());
        HttpClient http = HttpClient.newHttpClient();
        for (Map<String, Object> row : expected) {
            String key = (String) row.get("customer_key");
            HttpResponse<String> answer = get(http, server, "/v1/profiles/" + key);
            assertThat(answer.statusCode()).as(key).isEqualTo(200);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("customer_key").asText()).isEqualTo(key);
            JsonNode profile = body.path("profile");
            JsonNode features = JSON.readTree((String) row.get("features"));
            Map<String, JsonNode> want = new HashMap<>();
            features.fields().forEachRemaining(f -> want.put(f.getKey(), f.getValue()));
            Map<String, JsonNode> got = new HashMap<>();
            features.fieldNames().forEachRemaining(f -> got.put(f, profile.get(f)));
            assertThat(got).as("profile of " + key).isEqualTo(want);
            assertThat(profile.get("consents")).isEqualTo(JSON.readTree((String) row.get("consents")));
            JsonNode servedContext = JSON.readTree(server.bean(ServedProfiles.class).find(key).orElseThrow().contextJson());
            assertThat(servedContext.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(CONTEXT_FIELDS);
            assertThat(servedContext).as("context of " + key).isEqualTo(JSON.readTree((String) row.get("context")));
            String sha = (String) row.get("email_sha256");
            if (sha != null && ((Number) row.get("sharing_sha")).longValue() == 1) {
                HttpResponse<String> bySha = get(http, server, "/v1/profiles/" + sha);
                assertThat(bySha.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(bySha.body()).path("customer_key").asText()).isEqualTo(key);
            }
        }
        return expected.size();
    }

    /** The template context's fields: those the render's recipients carry, with the product lists as ids. */
    static final List<String> CONTEXT_FIELDS = new ArrayList<>(List.of("customer_key", "email", "first_name",
            "last_name", "country", "language", "currency", "orders_count", "lifetime_value_minor", "last_order_at",
            "days_since_last_order", "top_categories", "top_categories_by_views", "cart_items", "cart_value_minor",
            "cart_currency", "last_viewed_ids", "bought_ids", "segments", "primary_segment", "engagement_score"));

    private HttpResponse<String> get(RunningServer server, String path) throws Exception {
        return get(http, server, path);
    }

    static HttpResponse<String> get(HttpClient http, RunningServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
