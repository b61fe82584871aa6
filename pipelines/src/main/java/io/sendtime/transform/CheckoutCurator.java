package io.sendtime.transform;

import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.number;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.model.Money;
import io.sendtime.model.Emails;

/** Abandoned checkouts in minor units; the same money and line-item rules as orders ({@link LineItems}). */
final class CheckoutCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String entity() { return "checkouts"; }
    @Override public String keyField() { return "checkout_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        RawValues.requireWhole(raw, "line_items", "lineItems");
        String currency = Money.currency(string(raw, "currency"));
        Long customerId = number(raw, "customer_id");
        String email = context.email(string(raw, "email"));
        var lines = LineItems.curate(raw, curated, currency, context);
        return new GenericRecordBuilder(curated)
                .set("checkout_id", number(raw, "id"))
                .set("customer_id", customerId)
                .set("customer_key", context.keyOf(CustomerKeys.COMMERCE,
                        customerId == null ? null : customerId.toString(), email))
                .set("email_sha256", Emails.sha256(email))
                .set("created_at", micros(raw, "created_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("completed_at", micros(raw, "completed_at"))
                .set("currency", currency)
                .set("total_minor", Money.toMinor(string(raw, "total_price"), currency))
                .set("line_items", lines)
                .set("is_deleted", false);
    }
}
