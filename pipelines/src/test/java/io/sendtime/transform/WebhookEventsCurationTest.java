package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Emails;

/**
 * The events {@code sendtime serve} receives (raw schemas webhooks.storefront_events and webhooks.email_events),
 * curated: the storefront's six event types, a product where the event is about one; email events keyed to their
 * recipient by the export's custom argument, else by the address, never keeping the address.
 */
class WebhookEventsCurationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KNOWN = "0123456789abcdef";

    private final CurationContext context = new CurationContext(new TransformSettings(null, 0, null), "USD", null,
            system -> system.equals(CustomerKeys.COMMERCE) ? Map.of("207119551", KNOWN) : Map.of(), key -> key);

    @Test
    void everyStorefrontTypeTheServerAcceptsIsCuratedAndCartEventsNeedTheirProduct() throws Exception {
        for (String type : new String[] {"product_viewed", "added_to_cart", "removed_from_cart", "searched",
                "checkout_started", "order_placed"}) {
            GenericRecord event = storefront(type, 632910392L);
            assertThat(event.get("type").toString()).as(type + " is curated").isEqualTo(type);
            assertThat(event.get("customer_key").toString()).as("keyed by its shop customer").isEqualTo(KNOWN);
        }
        assertThat(storefront("checkout_started", null).get("product_id")).as("a checkout names no product").isNull();
        assertThat(storefront("order_placed", null).get("event_id").toString()).isEqualTo("w-1");
        assertThatThrownBy(() -> storefront("removed_from_cart", null)).isInstanceOf(RejectedRecordException.class)
                .hasMessage("removed_from_cart without product_id");
        assertThatThrownBy(() -> storefront("page_liked", 1L)).isInstanceOf(RejectedRecordException.class)
                .hasMessage("unknown event type");
    }

    @Test
    void anEmailEventIsTheCustomArgumentsRecipientsElseTheAddresssAndKeepsOnlyTheAddressHash() throws Exception {
        GenericRecord byArgument = email("open", " Bob.Norman@Mail.Example.com ", KNOWN);
        assertThat(byArgument.get("customer_key").toString()).isEqualTo(KNOWN);
        assertThat(byArgument.get("email_sha256").toString()).isEqualTo(Emails.sha256("bob.norman@mail.example.com"));
        assertThat(byArgument.getSchema().getField("email")).as("the address is not kept").isNull();
        assertThat(byArgument.get("campaign").toString()).isEqualTo("win-back");
        assertThat(byArgument.get("send_id").toString()).isEqualTo("s1");
        assertThat(byArgument.get("variant").toString()).isEqualTo("a");
        assertThat(byArgument.get("kind").toString()).isEqualTo("open");
        assertThat(context.counts()).as("the export's key is a known customer's").isEmpty();

        // without the custom argument (a message sendtime did not render): the key the address gives, not a known one yet
        GenericRecord byAddress = email("delivered", "new.person@example.com", null);
        assertThat(byAddress.get("customer_key").toString())
                .isEqualTo(CustomerKeys.derive(TransformSettings.MatchBy.EMAIL, CustomerKeys.CRM, null,
                        "new.person@example.com", key -> key));
        assertThat(context.counts()).containsEntry("unknown_customer", 1L);

        // a custom argument that is no key of ours is not trusted: the address decides
        assertThat(email("click", "new.person@example.com", "<script>").get("customer_key"))
                .isEqualTo(byAddress.get("customer_key"));
        assertThat(context.counts()).containsEntry("customer_key_malformed", 1L);

        // neither a key nor an address sendtime accepts: kept for its send, reaching no one, counted
        GenericRecord nobody = email("open", "not an address", null);
        assertThat(nobody.get("customer_key")).isNull();
        assertThat(nobody.get("email_sha256")).isNull();
        assertThat(context.counts()).containsEntry("anonymous", 1L).containsEntry("email_invalid_syntax", 1L);

        assertThatThrownBy(() -> email("bounced", "bob@example.com", KNOWN)).isInstanceOf(RejectedRecordException.class)
                .hasMessage("unknown email event kind");
    }

    @Test
    void underMatchByNoneAnAddressAloneReachesNoOne() throws Exception {
        CurationContext none = new CurationContext(new TransformSettings(
                new TransformSettings.Identity(TransformSettings.MatchBy.NONE), 0, null), "USD", null,
                system -> Map.of(), key -> key);
        GenericRecord event = built(new EmailEventCurator().curate(raw("email_events",
                emailJson("open", "bob@example.com", null)), new CuratedSchemas().schema("email_events"), none));
        assertThat(event.get("customer_key")).isNull();
        assertThat(none.counts()).containsEntry("anonymous", 1L).doesNotContainKey("unknown_customer");
    }

    private GenericRecord storefront(String type, Long productId) throws Exception {
        String json = """
                {"id": "w-1", "type": "%s", "customer_id": 207119551, "session_id": "s-1",
                 "occurred_at": "2026-11-30T11:00:00Z", "created_at": "2026-11-30T11:00:01Z", "product_id": %s}"""
                .formatted(type, productId);
        return built(new StorefrontEventCurator().curate(raw("storefront_events", json),
                new CuratedSchemas().schema("storefront_events"), context));
    }

    private GenericRecord email(String kind, String address, String customerKey) throws Exception {
        return built(new EmailEventCurator().curate(raw("email_events", emailJson(kind, address, customerKey)),
                new CuratedSchemas().schema("email_events"), context));
    }

    private static String emailJson(String kind, String address, String customerKey) throws Exception {
        return """
                {"event_id": "e-1", "provider": "sendgrid", "event": "%s", "kind": "%s", "email": %s,
                 "occurred_at": "2026-11-30T11:00:00Z", "received_at": "2026-11-30T11:00:02Z",
                 "campaign": "win-back", "send_id": "s1", "variant": "a", "customer_key": %s}"""
                .formatted(kind, kind, JSON.writeValueAsString(address), JSON.writeValueAsString(customerKey));
    }

    /** The curated record with the lineage the job adds (CurateEntityTasklet). */
    private static GenericRecord built(GenericRecordBuilder curated) {
        return curated.set(CuratedSchemas.RAW_RUN_ID, "r").set(CuratedSchemas.EXTRACTED_AT, 0L)
                .set(CuratedSchemas.SOURCE_UPDATED_AT, 0L).set(CuratedSchemas.TRANSFORM_RUN_ID, "t").build();
    }

    private static GenericRecord raw(String entity, String json) throws Exception {
        Schema schema = new RawSchemas().schema("webhooks", entity);
        RecordConverter.Converted converted = new RecordConverter(schema).convert(JSON.readTree(json));
        return converted.record();
    }
}
