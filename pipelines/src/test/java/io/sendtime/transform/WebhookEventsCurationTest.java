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

/**
 * The events {@code sendtime serve} receives (raw schema webhooks.storefront_events), curated: the storefront's six
 * event types, a product where the event is about one.
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

    private GenericRecord storefront(String type, Long productId) throws Exception {
        String json = """
                {"id": "w-1", "type": "%s", "customer_id": 207119551, "session_id": "s-1",
                 "occurred_at": "2026-11-30T11:00:00Z", "created_at": "2026-11-30T11:00:01Z", "product_id": %s}"""
                .formatted(type, productId);
        return built(new StorefrontEventCurator().curate(raw("storefront_events", json),
                new CuratedSchemas().schema("storefront_events"), context));
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
