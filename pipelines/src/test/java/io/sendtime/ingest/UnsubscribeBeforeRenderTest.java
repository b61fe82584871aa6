package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.ExitCodes;
import io.sendtime.cli.RunningServer;
import io.sendtime.load.LoadService;
import io.sendtime.render.RenderService;
import io.sendtime.render.RenderSummary;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * An unsubscribe SendGrid posts to {@code sendtime serve} after the load and before the render: the next render gives
 * that recipient no token set, with no load in between (the server never opens the warehouse). Then the server's
 * committed runs go through the transform and the load like any extract run, into the recipient's profile features.
 */
class UnsubscribeBeforeRenderTest {

    private static final Instant SEND_AT = Instant.parse("2026-11-22T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anUnsubscribeReceivedBeforeTheRenderLeavesTheRecipientOut() throws Exception {
        WebhookSender sender = new WebhookSender();
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            RenderService render = lake.app.get(RenderService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            RenderSummary before = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "before", false));
            Map<String, Object> someone = rows(warehouse, """
                    SELECT t.customer_key, p.email FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.send_id = 'before' ORDER BY t.customer_key LIMIT 1""").get(0);

            try (RunningServer server = RunningServer.start(dir, Map.of("SENDTIME_SENDGRID_WEBHOOK_KEY",
                    sender.sendgridPublicKey()), Map.of())) {
                sender.to(server.base());
                HttpResponse<String> answer = sender.sendgrid("[" + event("sg_1", "delivered", someone) + ","
                        + event("sg_2", "open", someone) + "," + event("sg_3", "unsubscribe", someone) + "]");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(server.stop()).isEqualTo(ExitCodes.OK);
            }

            RenderSummary after = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "after", false));
            assertThat(after.rendered()).isEqualTo(before.rendered() - 1);
            assertThat(rows(warehouse, "SELECT count(*) AS n FROM token_sets WHERE send_id = 'after' AND customer_key = '"
                    + someone.get("customer_key") + "'").get(0).get("n")).isEqualTo(0L);
            assertThat(rows(warehouse, "SELECT reason FROM render_rejections WHERE send_id = 'after' AND customer_key = '"
                    + someone.get("customer_key") + "'")).extracting(r -> r.get("reason")).containsExactly("excluded:suppressed");

            // the server's runs reach the profile through the transform and an incremental load
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            Map<String, Object> features = rows(warehouse, "SELECT emails_delivered_30d, email_opens_30d, last_engaged_at"
                    + " FROM profile_features_at(now()) WHERE customer_key = '" + someone.get("customer_key") + "'").get(0);
            assertThat(features.get("emails_delivered_30d")).isEqualTo(1L);
            assertThat(features.get("email_opens_30d")).isEqualTo(1L);
            assertThat(features.get("last_engaged_at")).isNotNull();
        }
    }

    private static String event(String id, String type, Map<String, Object> someone) {
        return "{\"sg_event_id\":\"" + id + "\",\"event\":\"" + type + "\",\"email\":\"" + someone.get("email")
                + "\",\"timestamp\":" + Instant.now().minusSeconds(60).getEpochSecond() + ",\"sendtime_campaign\":\"win-back\","
                + "\"sendtime_send\":\"before\",\"sendtime_customer\":\"" + someone.get("customer_key") + "\"}";
    }

    private static List<Map<String, Object>> rows(Warehouse warehouse, String sql) {
        return warehouse.read(h -> h.createQuery(sql).mapToMap().list());
    }
}
