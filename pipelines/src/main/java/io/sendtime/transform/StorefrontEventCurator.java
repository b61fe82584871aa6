package io.sendtime.transform;

import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.number;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.StorefrontEventTypes;

/**
 * Storefront events with their customer's key. Rules: a known type, and a product on the events about one
 * ({@link StorefrontEventTypes}: a view, a cart addition or removal; a checkout or an order may name none).
 * Events without a customer are anonymous browsing: kept with no key, counted {@code anonymous}.
 */
final class StorefrontEventCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String entity() { return "storefront_events"; }
    @Override public String keyField() { return "event_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String type = string(raw, "type").strip();
        if (!StorefrontEventTypes.ALL.contains(type)) {
            throw new RejectedRecordException("unknown event type");
        }
        Long productId = number(raw, "product_id");
        if (productId == null && StorefrontEventTypes.PRODUCT_EVENTS.contains(type)) {
            throw new RejectedRecordException(type + " without product_id");
        }
        Long customerId = number(raw, "customer_id");
        return new GenericRecordBuilder(curated)
                .set("event_id", string(raw, "id"))
                .set("type", type)
                .set("customer_id", customerId)
                .set("customer_key", context.keyOf(CustomerKeys.COMMERCE,
                        customerId == null ? null : customerId.toString(), null))
                .set("session_id", trimmed(raw, "session_id"))
                .set("occurred_at", micros(raw, "occurred_at"))
                .set("created_at", micros(raw, "created_at"))
                .set("product_id", productId)
                .set("variant_id", number(raw, "variant_id"))
                .set("search_query", trimmed(raw, "search_query"))
                .set("is_deleted", false);
    }
}
