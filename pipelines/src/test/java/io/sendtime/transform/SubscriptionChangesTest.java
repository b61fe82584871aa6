package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RejectedRecordException;

/**
 * HubSpot's subscription changes, as the timeline lists them (contracts/hubspot), curated the safe way: a subscription
 * type's status as it is; an opt-out of all email, a bounce and a spam report as UNSUBSCRIBED from all email; an
 * opt-in to all email as NOT_SPECIFIED; anything else rejected, never read as consent.
 */
class SubscriptionChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordConverter raw = new RecordConverter(new RawSchemas().schema("crm", "subscriptions"));
    private final Schema curated = new CuratedSchemas().schema("subscriptions");
    private final CurationContext context = new CurationContext(new TransformSettings(null, 0, null), "USD", null,
            system -> Map.of(), key -> key);

    @Test
    void eachChangeOfTheDocumentedTimelineIsAStatementOfOneSubscriptionTypeOrOfAllEmail() throws Exception {
        List<String> statements = new ArrayList<>();
        for (JsonNode change : changes()) {
            GenericRecord record = curate(change);
            statements.add(record.get("subscription_id") + " " + record.get("status"));
        }
        // a bounce; then one event's opt-ins to two subscription types and to all email again (which lifts nothing)
        assertThat(statements).containsExactly("all_email UNSUBSCRIBED", "2849 SUBSCRIBED", "230318 SUBSCRIBED",
                "all_email NOT_SPECIFIED");
        // keyed to the person by address, per subscription type; the address itself stays out of the key
        GenericRecord bounce = curate(changes().get(0));
        assertThat(bounce.get("subscription_record_id").toString()).endsWith(":all_email").doesNotContain("@");
        assertThat(bounce.get("customer_key")).isNotNull();
        // under match-by none an address alone links to no one: the statement reaches no contact, grants nothing
        CurationContext none = new CurationContext(new TransformSettings(
                new TransformSettings.Identity(TransformSettings.MatchBy.NONE), 0, null), "USD", null, system -> Map.of(),
                key -> key);
        assertThat(new SubscriptionCurator().curate(raw.convert(changes().get(1)).record(), curated, none)
                .get("customer_key")).isNull();
    }

    @Test
    void anOptOutOfAllEmailAndASpamReportUnsubscribeAndAnUnknownChangeIsRejected() throws Exception {
        ObjectNode portal = (ObjectNode) changes().get(3).deepCopy();
        portal.put("change", "UNSUBSCRIBED");
        assertThat(curate(portal).get("status").toString()).isEqualTo("UNSUBSCRIBED");
        ObjectNode spam = (ObjectNode) changes().get(0).deepCopy();
        spam.put("changeType", "PORTAL_SPAM_REPORT").put("change", "REPORTED_SPAM");
        assertThat(curate(spam).get("subscription_id").toString()).isEqualTo("all_email");
        assertThat(curate(spam).get("status").toString()).isEqualTo("UNSUBSCRIBED");

        ObjectNode unknownType = (ObjectNode) changes().get(1).deepCopy();
        unknownType.put("changeType", "PORTAL_LEGAL_BASIS");
        assertThatThrownBy(() -> curate(unknownType)).isInstanceOf(RejectedRecordException.class)
                .hasMessage("unknown subscription change type");
        ObjectNode unknownStatus = (ObjectNode) changes().get(1).deepCopy();
        unknownStatus.put("change", "MAYBE");
        assertThatThrownBy(() -> curate(unknownStatus)).isInstanceOf(RejectedRecordException.class)
                .hasMessage("unknown subscription status");
        ObjectNode noType = (ObjectNode) changes().get(1).deepCopy();
        noType.remove("subscriptionId");
        assertThatThrownBy(() -> curate(noType)).isInstanceOf(RejectedRecordException.class)
                .hasMessage("a subscription status without a subscription type");
    }

    private GenericRecord curate(JsonNode change) {
        return new SubscriptionCurator().curate(raw.convert(change).record(), curated, context)
                .set(CuratedSchemas.RAW_RUN_ID, "r").set(CuratedSchemas.EXTRACTED_AT, 0L)
                .set(CuratedSchemas.TRANSFORM_RUN_ID, "t").set(CuratedSchemas.SOURCE_UPDATED_AT, 0L).build();
    }

    /** The documented answer's changes, one record each with its timeline item under "item", as the client reads them. */
    private static List<JsonNode> changes() throws Exception {
        JsonNode answer = JSON.readTree(new ClassPathResource("contracts/hubspot/subscriptions-timeline-response.json")
                .getInputStream());
        List<JsonNode> changes = new ArrayList<>();
        for (JsonNode item : answer.get("timeline")) {
            ObjectNode parent = item.deepCopy();
            parent.remove("changes");
            item.get("changes").forEach(c -> changes.add(((ObjectNode) c.deepCopy()).set("item", parent)));
        }
        return changes;
    }
}
