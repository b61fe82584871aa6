package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.load.LoadService;
import io.sendtime.samples.Entity;
import io.sendtime.samples.SampleStore;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * Consent at the moment of sending, against the real sample CRM and shop APIs: what the sources say after
 * the last load decides who gets a token set, by the one conflict rule; a refresh that cannot be done
 * refuses the send unless the operator allows the last load's consent.
 */
class ConsentAtSendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAMPAIGN = "recommendations-newsletter"; // everyone with consent
    private static final Instant SEND_AT = Instant.parse("2026-11-22T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void whatTheSourcesSayAfterTheLoadDecidesAndARefreshThatFailsRefusesTheSend() throws Exception {
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.render.stock-timeout", "2s",
                "sendtime.consent.refresh-timeout", "3s"))) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            RenderService render = lake.app.get(RenderService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            RenderSummary before = render.run(new RenderService.RenderRequest(CAMPAIGN, SEND_AT, "before", false));
            assertThat(before.consent().source()).isEqualTo("sources");

            // six subscribed recipients known to both the CRM and the shop
            List<Map<String, Object>> people = RenderJobTest.rows(warehouse, """
                    SELECT t.customer_key, c.contact_id, k.customer_id, p.email
                    FROM token_sets t JOIN profiles p USING (customer_key)
                    JOIN contacts c USING (customer_key) JOIN customers k USING (customer_key)
                    WHERE t.send_id = 'before' AND NOT c.is_deleted AND NOT k.is_deleted
                    ORDER BY t.customer_key LIMIT 6""");
            assertThat(people).hasSize(6);
            Person unsubscribes = new Person(people.get(0));
            Person optsInAtTheShopLater = new Person(people.get(1));
            Person unsubscribesAtTheCrmLater = new Person(people.get(2));
            Person timelessShopOptIn = new Person(people.get(3));
            Person optsOutOfAllEmail = new Person(people.get(4));
            Person bounces = new Person(people.get(5));
            SampleStore store = lake.apis.store();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant earlier = now.minus(2, ChronoUnit.MINUTES);
            Instant later = now.minus(1, ChronoUnit.MINUTES);

            // when, after the load, the CRM records an unsubscribe
            crm(store, unsubscribes, "UNSUBSCRIBED", now, now);
            // a CRM unsubscribe, then a newer explicit opt-in at the shop: the opt-in lifts it
            crm(store, optsInAtTheShopLater, "UNSUBSCRIBED", earlier, now);
            shop(store, optsInAtTheShopLater, "subscribed", later, now);
            // a shop opt-in, then a newer CRM unsubscribe: unsubscribed
            shop(store, unsubscribesAtTheCrmLater, "subscribed", earlier, now);
            crm(store, unsubscribesAtTheCrmLater, "UNSUBSCRIBED", later, now);
            // a CRM unsubscribe with its time, then a shop opt-in without a time of its own: it never wins
            crm(store, timelessShopOptIn, "UNSUBSCRIBED", earlier, now);
            shop(store, timelessShopOptIn, "subscribed", null, now);
            // the CRM contact opts out of all email (HubSpot's hs_email_optout)
            optOut(store, optsOutOfAllEmail, now);
            // HubSpot's timeline lists a bounce of their address (a PORTAL_BOUNCE change)
            bounce(store, bounces, now);
            RenderSummary after = render.run(new RenderService.RenderRequest(CAMPAIGN, SEND_AT, "after", false));

            // then, with no load in between, the send follows the sources as of now
            assertThat(after.consent().source()).isEqualTo("sources");
            assertThat(after.consent().statements()).isGreaterThanOrEqualTo(8);
            assertThat(after.consent().checkedAt()).isAfter(now);
            assertThat(tokenSet(warehouse, "after", unsubscribes)).as("unsubscribed after the load").isFalse();
            assertThat(reason(warehouse, "after", unsubscribes)).isEqualTo("excluded:unsubscribed");
            assertThat(tokenSet(warehouse, "after", optsInAtTheShopLater)).as("a newer explicit opt-in").isTrue();
            assertThat(tokenSet(warehouse, "after", unsubscribesAtTheCrmLater)).as("a newer unsubscribe").isFalse();
            assertThat(tokenSet(warehouse, "after", timelessShopOptIn)).as("a statement without its own time")
                    .isFalse();
            assertThat(tokenSet(warehouse, "after", optsOutOfAllEmail)).as("opted out of all email").isFalse();
            assertThat(tokenSet(warehouse, "after", bounces)).as("bounced").isFalse();
            assertThat(reason(warehouse, "after", bounces)).isEqualTo("excluded:unsubscribed");
            assertThat(after.rendered()).isEqualTo(before.rendered() - 5);
            assertThat(Files.readAllLines(after.export().resolve("recipients.jsonl")))
                    .noneMatch(line -> line.contains(unsubscribes.email));

            // and the next load decides each of them the same way, by the same rule
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            assertThat(consent(warehouse, unsubscribes)).isEqualTo("UNSUBSCRIBED");
            assertThat(consent(warehouse, optsInAtTheShopLater)).isEqualTo("SUBSCRIBED");
            assertThat(consent(warehouse, unsubscribesAtTheCrmLater)).isEqualTo("UNSUBSCRIBED");
            assertThat(consent(warehouse, timelessShopOptIn)).isEqualTo("UNSUBSCRIBED");
            assertThat(consent(warehouse, optsOutOfAllEmail)).isEqualTo("UNSUBSCRIBED");
            assertThat(consent(warehouse, bounces)).isEqualTo("UNSUBSCRIBED");
            assertThat(RenderJobTest.rows(warehouse, "SELECT source FROM consents WHERE is_current AND channel ="
                    + " 'marketing_email' AND customer_key = '" + optsOutOfAllEmail.customerKey + "'").get(0).get("source"))
                    .isEqualTo("crm:email_optout");

            // when the consent sources do not answer (after one more unsubscribe), the send is refused and nothing
            // is written
            crm(store, optsInAtTheShopLater, "UNSUBSCRIBED", Instant.now(), Instant.now());
            lake.apis.faults().down(true);
            assertThatThrownBy(() -> render.run(new RenderService.RenderRequest(CAMPAIGN, SEND_AT, "down", false)))
                    .isInstanceOf(RenderService.Refused.class)
                    .hasMessageContaining("consent could not be checked at the sources")
                    .hasMessageContaining("--allow-stale-consent")
                    .hasMessageNotContaining("\n");
            assertThat(RenderJobTest.count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 'down'")).isZero();
            assertThat(RenderJobTest.count(warehouse, "SELECT count(*) FROM render_summaries WHERE send_id = 'down'"))
                    .isZero();

            // unless the operator allows the last load's consent: then the summary says so
            RenderSummary stale = render.run(new RenderService.RenderRequest(CAMPAIGN, SEND_AT, "down", false, true));
            lake.apis.faults().down(false);
            assertThat(stale.consent().source()).isEqualTo("load");
            assertThat(stale.consent().note()).contains("refresh failed").contains("--allow-stale-consent");
            assertThat(RenderJobTest.rows(warehouse, "SELECT consent_source, consent_note FROM render_summaries"
                    + " WHERE send_id = 'down'").get(0).get("consent_note").toString()).contains("--allow-stale-consent");
            assertThat(tokenSet(warehouse, "down", optsInAtTheShopLater))
                    .as("on the last load's consent, the unsubscribe after it is not known").isTrue();
            assertThat(tokenSet(warehouse, "down", unsubscribes)).as("the one before it is").isFalse();
        }
    }

    private record Person(String customerKey, String contactId, long customerId, String email) {
        Person(Map<String, Object> row) {
            this((String) row.get("customer_key"), (String) row.get("contact_id"),
                    ((Number) row.get("customer_id")).longValue(), (String) row.get("email"));
        }
    }

    /** The CRM sets a marketing email subscription's status at {@code statusAt}, listed as updated at {@code at}. */
    private static void crm(SampleStore store, Person person, String status, Instant statusAt, Instant at) {
        ObjectNode record = JSON.createObjectNode().put("id", person.contactId + ":marketing_email")
                .put("contactId", person.contactId).put("email", person.email).put("subscriptionId", "marketing_email")
                .put("subscriptionName", "Marketing email").put("status", status).put("source", "preference_center")
                .put("timestamp", statusAt.toString()).put("updatedAt", at.toString());
        store.inject(Entity.SUBSCRIPTIONS, at, person.contactId + ":marketing_email", record.toString());
    }

    /** The CRM's email service reports a hard bounce of the person's address ({@code PORTAL_BOUNCE} in the timeline). */
    private static void bounce(SampleStore store, Person person, Instant at) {
        ObjectNode record = JSON.createObjectNode().put("id", person.contactId + ":bounce")
                .put("contactId", person.contactId).put("email", person.email).put("changeType", "PORTAL_BOUNCE")
                .put("status", "BOUNCED").put("source", "SOURCE_NON_DELIVERY_REPORT")
                .put("timestamp", at.toString()).put("updatedAt", at.toString());
        store.inject(Entity.SUBSCRIPTIONS, at, person.contactId + ":bounce", record.toString());
    }

    /** The shop's customer record, as in the samples, with its email marketing consent set at {@code consentAt}. */
    private static void shop(SampleStore store, Person person, String state, Instant consentAt, Instant at)
            throws IOException {
        ObjectNode record = null;
        for (String line : Files.readAllLines(Path.of("..", "data-samples", "commerce", "customers.jsonl"))) {
            ObjectNode candidate = (ObjectNode) JSON.readTree(line);
            if (candidate.path("id").asLong() == person.customerId) {
                record = candidate;
            }
        }
        assertThat(record).as("customer " + person.customerId + " in the samples").isNotNull();
        ObjectNode consent = record.putObject("email_marketing_consent").put("state", state)
                .put("opt_in_level", "single_opt_in");
        if (consentAt == null) {
            consent.putNull("consent_updated_at");
        } else {
            consent.put("consent_updated_at", consentAt.toString());
        }
        record.put("updated_at", at.toString());
        store.inject(Entity.CUSTOMERS, at, String.valueOf(person.customerId), record.toString());
    }

    /** The CRM contact, as in the samples, now opted out of all email. */
    private static void optOut(SampleStore store, Person person, Instant at) throws IOException {
        ObjectNode record = null;
        for (String line : Files.readAllLines(Path.of("..", "data-samples", "crm", "contacts.jsonl"))) {
            ObjectNode candidate = (ObjectNode) JSON.readTree(line);
            if (candidate.path("id").asText().equals(person.contactId)) {
                record = candidate;
            }
        }
        assertThat(record).as("contact " + person.contactId + " in the samples").isNotNull();
        ((ObjectNode) record.path("properties")).put("hs_email_optout", "true")
                .put("lastmodifieddate", at.toString());
        record.put("updatedAt", at.toString());
        store.inject(Entity.CONTACTS, at, person.contactId, record.toString());
    }

    private static String consent(Warehouse warehouse, Person person) {
        return RenderJobTest.rows(warehouse, "SELECT consent_marketing_email FROM profiles WHERE customer_key = '"
                + person.customerKey + "'").get(0).get("consent_marketing_email").toString();
    }

    private static boolean tokenSet(Warehouse warehouse, String send, Person person) {
        return RenderJobTest.count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = '" + send
                + "' AND customer_key = '" + person.customerKey + "'") == 1;
    }

    private static String reason(Warehouse warehouse, String send, Person person) {
        return RenderJobTest.rows(warehouse, "SELECT reason FROM render_rejections WHERE send_id = '" + send
                + "' AND customer_key = '" + person.customerKey + "'").get(0).get("reason").toString();
    }
}
