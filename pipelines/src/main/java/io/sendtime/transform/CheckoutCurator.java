package io.sendtime.transform;

import static io.sendtime.transform.RawValues.integer;
import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.number;
import static io.sendtime.transform.RawValues.records;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/** Abandoned checkouts in minor units; the same money and line-item rules as orders. */
final class CheckoutCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String entity() { return "checkouts"; }
    @Override public String keyField() { return "checkout_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String currency = Money.currency(string(raw, "currency"));
        Long customerId = number(raw, "customer_id");
        String email = Emails.normalize(string(raw, "email"));
        Schema lineSchema = curated.getField("line_items").schema().getElementType();
        List<GenericRecord> lines = new ArrayList<>();
        for (GenericRecord item : records(raw, "line_items")) {
            lines.add(new GenericRecordBuilder(lineSchema)
                    .set("product_id", number(item, "product_id"))
                    .set("variant_id", number(item, "variant_id"))
                    .set("title", trimmed(item, "title"))
                    .set("quantity", OrderCurator.positiveQuantity(integer(item, "quantity")))
                    .set("price_minor", OrderCurator.required(Money.toMinor(string(item, "price"), currency),
                            "line item price"))
                    .build());
        }
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
                .set("line_items", new GenericData.Array<>(curated.getField("line_items").schema(), lines))
                .set("is_deleted", false);
    }
}
