package io.sendtime.erase;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.RunningServer;
import io.sendtime.lake.PublishedProfiles;
import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * An erasure while {@code sendtime serve} holds the published profiles: the person's profile answers 404 by key and by
 * email SHA-256, and neither the lake's snapshot files nor the server's local files hold them any more; an incremental
 * load afterwards publishes nothing of theirs.
 */
class ServedProfileErasureTest {

    /** A tool granted whole profiles (sendtime.serve.api.clients.support.profiles), and an email service that is not. */
    static final String TOKEN = "support-tool-token-0123456789abcdef0123";
    static final String OTHER = "esp-token-0123456789abcdef0123456789ab";

    @TempDir
    Path dir;

    @Test
    void anErasedPersonLeavesTheServedProfilesAndEveryFileOfThem() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            Map<String, Object> person = lake.app.get(Warehouse.class).read(h -> h.createQuery("""
                    SELECT customer_key, email, email_sha256 FROM profiles
                    WHERE email IS NOT NULL AND crm_contact_id IS NOT NULL AND commerce_customer_id IS NOT NULL
                    ORDER BY customer_key LIMIT 1""").mapToMap().one());
            String key = (String) person.get("customer_key");
            String sha = (String) person.get("email_sha256");
            PersonalDataScan.Needles needles = new PersonalDataScan.Needles(
                    List.of((String) person.get("email"), key, sha), List.of());
            try (RunningServer server = RunningServer.start(dir, Map.of("API_SUPPORT", TOKEN, "API_ESP", OTHER),
                    Map.of("sendtime.serve.profiles.poll", "200ms", "sendtime.serve.api.clients.support.token-env", "API_SUPPORT",
                            "sendtime.serve.api.clients.support.profiles", "true",
                            "sendtime.serve.api.clients.esp.token-env", "API_ESP"))) {
                awaitStatus(http, server, key, 200);
                assertThat(status(http, server, sha)).isEqualTo(200);
                assertThat(PersonalDataScan.scan(dir.resolve("serve"), needles)).as("the server's file holds them")
                        .isNotEmpty();
                assertThat(PersonalDataScan.scan(dir.resolve("lake/serving"), needles)).as("the snapshot holds them")
                        .isNotEmpty();

                lake.app.get(EraseService.class).run(new EraseRequest((String) person.get("email"), "art. 17"));

                awaitStatus(http, server, key, 404);
                assertThat(status(http, server, sha)).isEqualTo(404);
                assertThat(PersonalDataScan.scan(dir.resolve("serve"), needles)).isEmpty();
                assertThat(PersonalDataScan.scan(dir.resolve("lake/serving"), needles)).isEmpty();
                assertThat(PublishedProfiles.read(dir.resolve("lake"))).doesNotContainKey(key).isNotEmpty();
                assertThat(PublishedProfiles.snapshots(dir.resolve("lake")).current().profiles()).as("the pointer's count")
                        .isEqualTo(PublishedProfiles.read(dir.resolve("lake")).size());

                // the next load publishes nothing of theirs: the warehouse no longer has them either
                assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
                assertThat(PersonalDataScan.scan(dir.resolve("lake/serving"), needles)).isEmpty();
                assertThat(status(http, server, key)).isEqualTo(404);
            }
            assertThat(PersonalDataScan.scan(dir.resolve("serve"), needles)).as("the server removes its files").isEmpty();
        }
    }

    private static void awaitStatus(HttpClient http, RunningServer server, String id, int wanted) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (status(http, server, id) != wanted) {
            assertThat(System.nanoTime()).as("GET /v1/profiles/<id> answers " + wanted).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int status(HttpClient http, RunningServer server, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/profiles/" + id)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
