package io.sendtime.transform;

import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.number;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Money;
import io.sendtime.model.Emails;

/**
 * Orders in minor units. Rules: a known currency, amounts that fit it, {@code total = subtotal + tax},
 * a creation time, and line items with a positive quantity and a price ({@link LineItems}). A cancelled order stays an
 * order ({@code is_cancelled}); it is never a tombstone.
 */
final class OrderCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String entity() { return "orders"; }
    @Override public String keyField() { return "order_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String currency = Money.currency(string(raw, "currency"));
        Long total = LineItems.required(Money.toMinor(string(raw, "total_price"), currency), "total_price");
        Long subtotal = LineItems.required(Money.toMinor(string(raw, "subtotal_price"), currency), "subtotal_price");
        Long tax = LineItems.required(Money.toMinor(string(raw, "total_tax"), currency), "total_tax");
        Long discounts = Money.toMinor(string(raw, "total_discounts"), currency);
        if (total != subtotal + tax) {
            throw new RejectedRecordException("total_price is not subtotal_price + total_tax");
        }
        RawValues.requireWhole(raw, "line_items", "lineItems");
        if (micros(raw, "created_at") == null) {
            throw new RejectedRecordException("no created_at");
        }
        Long customerId = number(raw, "customer_id");
        String email = context.email(string(raw, "email"));
        var lines = LineItems.curate(raw, curated, currency, context);
        return new GenericRecordBuilder(curated)
                .set("order_id", number(raw, "id"))
                .set("order_name", trimmed(raw, "name"))
                .set("customer_id", customerId)
                .set("customer_key", context.keyOf(CustomerKeys.COMMERCE,
                        customerId == null ? null : customerId.toString(), email))
                .set("email_sha256", Emails.sha256(email))
                .set("created_at", micros(raw, "created_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("processed_at", micros(raw, "processed_at"))
                .set("cancelled_at", micros(raw, "cancelled_at"))
                .set("cancel_reason", trimmed(raw, "cancel_reason"))
                .set("is_cancelled", micros(raw, "cancelled_at") != null)
                .set("currency", currency)
                .set("total_minor", total)
                .set("subtotal_minor", subtotal)
                .set("tax_minor", tax)
                .set("discounts_minor", discounts == null ? 0L : discounts)
                .set("financial_status", trimmed(raw, "financial_status"))
                .set("fulfillment_status", trimmed(raw, "fulfillment_status"))
                .set("line_items", lines)
                .set("is_deleted", false);
    }
}
