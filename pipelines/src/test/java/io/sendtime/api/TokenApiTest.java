package io.sendtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.cli.RunningServer;
import io.sendtime.erase.EraseRequest;
import io.sendtime.erase.EraseService;
import io.sendtime.load.LoadService;
import io.sendtime.model.Emails;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.render.RenderService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * {@code GET /v1/sends/...} over real HTTP from {@code sendtime serve}, after the samples' extract, transform, load and
 * render: every recipient's tokens equal token_sets in DuckDB, by customer key and by email hash; the access rules;
 * a re-render published while a client reads one recipient switches whole; a load and a render write the warehouse
 * while the server serves; a suppression after the render gives 410; an erasure leaves nothing in the server's copy.
 */
class TokenApiTest {

    private static final Instant SEND_AT = Instant.parse("2026-11-22T18:00:00Z");
    private static final String ESP = "esp-token-0123456789abcdef0123456789abcdef";
    private static final String NARROW = "narrow-token-0123456789abcdef0123456789abcd";
    private static final String SLOW = "slow-token-0123456789abcdef0123456789abcdef0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @Test
    void servesEveryRecipientsTokensAsRenderedAndFollowsRendersSuppressionsAndErasures() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            RenderService renders = lake.app.get(RenderService.class);
            renders.run(new RenderService.RenderRequest("win-back", SEND_AT, "s1", false));
            Warehouse warehouse = lake.app.get(Warehouse.class);
            List<Map<String, Object>> rendered = warehouse.read(h -> h.createQuery("""
                    SELECT t.customer_key, p.email, t.variant, t.tokens::JSON::VARCHAR AS tokens
                    FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.campaign_id = 'win-back' AND t.send_id = 's1' ORDER BY t.customer_key""").mapToMap().list());
            assertThat(rendered).hasSizeGreaterThan(3);

            try (RunningServer server = RunningServer.start(dir, Map.of("API_ESP", ESP, "API_NARROW", NARROW,
                    "API_SLOW", SLOW), Map.of(
                    "sendtime.serve.api.poll", "200ms",
                    "sendtime.serve.api.clients.esp.token-env", "API_ESP",
                    "sendtime.serve.api.clients.narrow.token-env", "API_NARROW",
                    "sendtime.serve.api.clients.narrow.campaigns", "abandoned-cart",
                    "sendtime.serve.api.clients.slow.token-env", "API_SLOW",
                    "sendtime.serve.api.clients.slow.requests-per-second", "3"))) {
                base = server.base();
                String path = "/v1/sends/win-back/s1/recipients/";
                awaitStatus(path + rendered.get(0).get("customer_key"), 200);

                // every recipient, as DuckDB has it, by key; and by the SHA-256 of the address
                String render = null;
                for (Map<String, Object> row : rendered) {
                    HttpResponse<String> byKey = get(path + row.get("customer_key"), ESP);
                    assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
                    JsonNode body = JSON.readTree(byKey.body());
                    assertThat(JSON.convertValue(body.get("tokens"), new TypeReference<Map<String, String>>() {}))
                            .isEqualTo(JSON.readValue((String) row.get("tokens"), new TypeReference<Map<String, String>>() {}));
                    assertThat(body.get("customer_key").asText()).isEqualTo(row.get("customer_key"));
                    assertThat(body.get("variant").asText()).isEqualTo(row.get("variant"));
                    render = body.get("render").asText();
                    assertThat(byKey.headers().firstValue("X-Sendtime-Render")).hasValue(render);
                    assertThat(byKey.headers().firstValue("ETag")).hasValue("\"" + render + "\"");
                    assertThat(byKey.headers().firstValue("Cache-Control")).hasValue("max-age=300");
                    HttpResponse<String> byHash = get(path + Emails.sha256(Emails.normalize((String) row.get("email"))), ESP);
                    assertThat(byHash.body()).isEqualTo(byKey.body());
                }
                String first = (String) rendered.get(0).get("customer_key");
                assertThat(getWith(path + first, ESP, "If-None-Match", "\"" + render + "\"").statusCode()).isEqualTo(304);

                // unknown recipient: the campaign's fallbacks; an address in the URL: refused
                HttpResponse<String> unknown = get(path + "cust-nobody", ESP);
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(unknown.body()).get("tokens").get("first_name").asText()).isNotEmpty();
                assertThat(JSON.readTree(unknown.body()).get("fallback").asBoolean()).isTrue();
                assertThat(get(path + "someone@example.com", ESP).statusCode()).isEqualTo(400);
                assertThat(get("/v1/sends/win-back/no-such-send/recipients/" + first, ESP).statusCode()).isEqualTo(404);

                // access: no token, a wrong one, a client outside its campaigns, a client past its rate
                assertThat(get(path + first, null).statusCode()).isEqualTo(401);
                assertThat(get(path + first, ESP + "x").statusCode()).isEqualTo(401);
                assertThat(get(path + first, NARROW).statusCode()).isEqualTo(403);
                List<Integer> slow = new ArrayList<>();
                HttpResponse<String> limited = null;
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> r = get(path + first, SLOW);
                    slow.add(r.statusCode());
                    limited = r.statusCode() == 429 ? r : limited;
                }
                assertThat(slow).contains(200, 429);
                assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");

                // a re-render (and a load) while a client reads one recipient as fast as it can: each answer whole
                // from one render, and never the old render once the new one was seen
                Map<String, String> bodies = new HashMap<>();
                bodies.put(render, get(path + first, ESP).body());
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<String> failure = new AtomicReference<>();
                List<String> seen = new ArrayList<>();
                Thread reader = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            HttpResponse<String> r = get(path + first, ESP);
                            if (r.statusCode() != 200) {
                                failure.compareAndSet(null, "status " + r.statusCode() + ": " + r.body());
                                continue;
                            }
                            String header = r.headers().firstValue("X-Sendtime-Render").orElse("");
                            if (!header.equals(JSON.readTree(r.body()).get("render").asText())) {
                                failure.compareAndSet(null, "header " + header + " with body " + r.body());
                            }
                            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(header)) {
                                seen.add(header);
                            }
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e.toString());
                    }
                });
                reader.start();
                assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
                renders.run(new RenderService.RenderRequest("win-back", SEND_AT, "s1", false));
                String second = warehouse.read(h -> h.createQuery("SELECT export_path FROM render_summaries"
                        + " WHERE send_id = 's1' ORDER BY rendered_at DESC LIMIT 1").mapTo(String.class).one());
                String secondRender = Path.of(second).getFileName().toString();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!seen.contains(secondRender) && System.nanoTime() < deadline && failure.get() == null) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
                stop.set(true);
                reader.join();
                assertThat(failure.get()).isNull();
                assertThat(seen).containsExactly(render, secondRender);
                assertThat(JSON.readTree(get(path + first, ESP).body()).get("render").asText()).isEqualTo(secondRender);

                // suppressed after the render: 410, no tokens
                Map<String, Object> someone = rendered.get(1);
                String someonesPath = path + someone.get("customer_key");
                lake.app.get(SuppressionList.class).suppress(List.of(new SuppressionList.Entry((String) someone.get("email"),
                        "unsubscribe")), "test", Instant.now());
                HttpResponse<String> gone = awaitStatus(someonesPath, 410);
                assertThat(gone.body()).doesNotContain("tokens");

                // erased: gone from the server's copy at once (not only from the next render)
                Map<String, Object> erased = rendered.get(2);
                lake.app.get(EraseService.class).run(new EraseRequest((String) erased.get("email"), "test"));
                HttpResponse<String> after = awaitStatus(path + erased.get("customer_key"), 404);
                assertThat(JSON.readTree(after.body()).get("fallback").asBoolean()).isTrue();
                assertThat(get(path + Emails.sha256(Emails.normalize((String) erased.get("email"))), ESP).statusCode())
                        .isEqualTo(404);
                byte[] needle = ((String) erased.get("customer_key")).getBytes(StandardCharsets.UTF_8);
                try (var files = Files.list(dir.resolve("serve/tokens"))) {
                    for (Path f : files.toList()) {
                        assertThat(indexOf(Files.readAllBytes(f), needle)).as(f.toString()).isEqualTo(-1);
                    }
                }
                // the first recipient is still served
                assertThat(get(path + first, ESP).statusCode()).isEqualTo(200);
            }
        }
    }

    private HttpResponse<String> awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r;
        do {
            r = get(path, ESP);
            if (r.statusCode() == status) {
                return r;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + status + " from " + path + " within 30 s; last: " + r.statusCode() + " " + r.body());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return getWith(path, token, null, null);
    }

    private HttpResponse<String> getWith(String path, String token, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
