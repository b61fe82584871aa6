package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.ExitCodes;
import io.sendtime.cli.RunningServer;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;
import io.sendtime.privacy.SuppressionList;

/**
 * {@code sendtime serve} over real HTTP on loopback: signed batches stored once (retries and a restart included),
 * everything else refused with a one-line reason and quarantined, suppressing email events on the list at once,
 * backpressure as 503 + Retry-After until the committer catches up, and what was acknowledged in the lake.
 */
class ServeTest {

    @TempDir
    Path dir;

    private final WebhookSender sender = new WebhookSender();

    private Map<String, String> secrets() {
        return Map.of("SENDTIME_WEBHOOK_SECRET", WebhookSender.SECRET, "SENDTIME_SENDGRID_WEBHOOK_KEY",
                sender.sendgridPublicKey());
    }

    static String storefrontEvents(String... ids) {
        return Stream.of(ids).map(id -> "{\"id\":\"" + id + "\",\"type\":\"product_viewed\",\"customer_id\":207119551,"
                + "\"occurred_at\":\"" + Instant.now().minusSeconds(30) + "\",\"properties\":{\"product_id\":632910392,"
                + "\"variant_id\":808950810,\"list\":\"home\"}}").collect(Collectors.joining(",", "[", "]"));
    }

    private static String sendgridEvent(String id, String event, String email, String more) {
        return "{\"sg_event_id\":\"" + id + "\",\"event\":\"" + event + "\",\"email\":\"" + email + "\",\"timestamp\":"
                + Instant.now().minusSeconds(60).getEpochSecond() + ",\"sendtime_campaign\":\"win-back\","
                + "\"sendtime_send\":\"2026-12-01\",\"sendtime_variant\":\"A\",\"sendtime_customer\":\"k1\"" + more + "}";
    }

    @Test
    void signedBatchesAreStoredOnceAndEverythingElseIsRefusedWithAReason() throws Exception {
        Map<String, Object> settings = Map.of("sendtime.serve.commit.interval", "1h", "sendtime.serve.max-body", "64KB");
        try (RunningServer server = RunningServer.start(dir, secrets(), settings)) {
            sender.to(server.base());
            assertThat(server.output()).contains("POST /v1/events: on", "POST /v1/esp/sendgrid: on");

            HttpResponse<String> first = sender.storefront(storefrontEvents("evt_1", "evt_2", "evt_3"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"received\":3,\"stored\":3,\"repeated\":0}");
            assertThat(sender.storefront(storefrontEvents("evt_3", "evt_4", "evt_4")).body())
                    .as("a retry and a repeat within the request").isEqualTo("{\"received\":3,\"stored\":1,\"repeated\":2}");

            HttpResponse<String> wrongSecret = sender.storefront(storefrontEvents("evt_5"), Instant.now().getEpochSecond(),
                    "whsec_" + java.util.Base64.getEncoder().encodeToString("another-secret-of-32-bytes-long!".getBytes()));
            assertThat(wrongSecret.statusCode()).isEqualTo(401);
            assertThat(wrongSecret.body()).contains("no webhook-signature matches").doesNotContain("whsec_");
            assertThat(sender.post("/v1/events", storefrontEvents("evt_5")).body())
                    .isEqualTo("{\"error\":\"missing webhook-id header\"}");
            HttpResponse<String> replayed = sender.storefront(storefrontEvents("evt_5"),
                    Instant.now().minusSeconds(600).getEpochSecond(), WebhookSender.SECRET);
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(replayed.body()).contains("timestamp");

            HttpResponse<String> malformed = sender.storefront("[" + storefrontEvents("evt_6").substring(1, 
                    storefrontEvents("evt_6").length() - 1) + ",{\"id\":\"evt_7\",\"type\":\"teleported\"}]");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).startsWith("{\"error\":\"event 1: unknown type 'teleported'");
            assertThat(sender.storefront("{not json").statusCode()).isEqualTo(400);
            HttpResponse<String> oversized = sender.storefront("[" + "{}, ".repeat(20_000) + "{}]");
            assertThat(oversized.statusCode()).isEqualTo(413);
            assertThat(sender.post("/v1/esp/mailchimp", "[]").statusCode()).isEqualTo(404);

            String espBody = "[" + String.join(",",
                    sendgridEvent("sg_1", "delivered", "reader@example.com", ""),
                    sendgridEvent("sg_2", "open", "reader@example.com", ""),
                    sendgridEvent("sg_3", "bounce", "Soft@Example.com", ",\"type\":\"blocked\",\"status\":\"4.2.2\""),
                    sendgridEvent("sg_4", "bounce", "hard@example.com", ",\"type\":\"bounce\",\"status\":\"5.1.1\""),
                    sendgridEvent("sg_5", "unsubscribe", "leaver@example.com", ""),
                    sendgridEvent("sg_6", "group_unsubscribe", "grouped@example.com", ",\"asm_group_id\":99")) + "]";
            HttpResponse<String> esp = sender.sendgrid(espBody);
            assertThat(esp.statusCode()).as(esp.body()).isEqualTo(200);
            // on the suppression list the moment they are durable, before any commit or load
            Predicate<String> suppressed = server.bean(SuppressionList.class).matcher();
            assertThat(Stream.of("hard@example.com", "leaver@example.com", "grouped@example.com").allMatch(suppressed)).isTrue();
            assertThat(Stream.of("reader@example.com", "soft@example.com").noneMatch(suppressed)).isTrue();
            HttpResponse<String> forged = new WebhookSender().to(server.base()).sendgrid(espBody);
            assertThat(forged.statusCode()).isEqualTo(401);

            assertThat(server.stop()).as("SIGTERM: a graceful stop").isEqualTo(ExitCodes.OK);
            assertThat(server.output()).contains("sendtime serve: stopped");
        }
        Path quarantine = dir.resolve("lake/quarantine/ingest/webhooks");
        try (Stream<Path> files = Files.walk(quarantine)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
            // malformed ones whole; of those refused without their body, the first of the minute, then a count
            assertThat(lines).hasSize(4).noneMatch(l -> l.contains("hard@example.com"));
            assertThat(lines).filteredOn(l -> l.contains("unknown type 'teleported'") && l.contains("evt_6")).hasSize(1);
            assertThat(lines).filteredOn(l -> l.contains("not kept: unauthenticated")
                    && l.contains("no webhook-signature matches")).hasSize(1);
            assertThat(lines).filteredOn(l -> l.contains("4 more refused without their body")).hasSize(1);
        }
        assertThat(storedIds(LoggedEvent.STOREFRONT_EVENTS)).containsExactlyInAnyOrder("evt_1", "evt_2", "evt_3", "evt_4");
        assertThat(records(LoggedEvent.EMAIL_EVENTS)).extracting(r -> r.get("event_id") + "=" + r.get("kind"))
                .containsExactlyInAnyOrder("sg_1=delivered", "sg_2=open", "sg_3=soft_bounce", "sg_4=hard_bounce",
                        "sg_5=unsubscribe", "sg_6=group_unsubscribe");

        // after a restart the ids are still known: a retry is acknowledged and not stored again
        try (RunningServer again = RunningServer.start(dir, secrets(), Map.of())) {
            sender.to(again.base());
            assertThat(sender.storefront(storefrontEvents("evt_1", "evt_2", "evt_8")).body())
                    .isEqualTo("{\"received\":3,\"stored\":1,\"repeated\":2}");
            assertThat(again.stop()).isEqualTo(ExitCodes.OK);
        }
        assertThat(storedIds(LoggedEvent.STOREFRONT_EVENTS)).containsExactlyInAnyOrder("evt_1", "evt_2", "evt_3", "evt_4", "evt_8");
        RunManifest run = new RunManifests(lake()).all(ServeSettings.SOURCE).get(0);
        assertThat(run.stage()).isEqualTo("ingest");
        assertThat(run.entities().get(LoggedEvent.STOREFRONT_EVENTS).records()).isEqualTo(4);
    }

    @Test
    void aFullLogAnswers503WithRetryAfterUntilTheCommitterCatchesUp() throws Exception {
        Map<String, Object> settings = Map.of("sendtime.serve.log.capacity", "4KB", "sendtime.serve.commit.interval", "2s");
        try (RunningServer server = RunningServer.start(dir, secrets(), settings)) {
            sender.to(server.base());
            HttpResponse<String> answer = null;
            int batch = 0;
            for (; batch < 20; batch++) {
                answer = sender.storefront(storefrontEvents(ids(batch)));
                if (answer.statusCode() != 200) {
                    break;
                }
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(answer.body()).contains("the event log holds");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (answer.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                answer = sender.storefront(storefrontEvents(ids(batch)));
            }
            assertThat(answer.statusCode()).as("once the committer has moved the log to the lake").isEqualTo(200);
            assertThat(answer.body()).contains("\"stored\":10");
            assertThat(server.stop()).isEqualTo(ExitCodes.OK);
            assertThat(storedIds(LoggedEvent.STOREFRONT_EVENTS)).hasSize((batch + 1) * 10).doesNotHaveDuplicates();
        }
    }

    private static String[] ids(int batch) {
        return java.util.stream.IntStream.range(0, 10).mapToObj(i -> "b" + batch + "_" + i).toArray(String[]::new);
    }

    private Lake lake() {
        return new Lake(dir.resolve("lake").toUri(), Map.of());
    }

    private List<GenericRecord> records(String entity) {
        Lake lake = lake();
        List<GenericRecord> out = new ArrayList<>();
        for (RunManifest run : new RunManifests(lake).all(ServeSettings.SOURCE)) {
            RunManifest.EntityFiles files = run.entities().get(entity);
            if (files != null) {
                files.files().forEach(f -> out.addAll(new ParquetFiles(lake).readAll(lake.path(f))));
            }
        }
        return out;
    }

    private List<String> storedIds(String entity) {
        return records(entity).stream().map(r -> r.get("id").toString()).toList();
    }
}
