package io.sendtime.transform;

import static io.sendtime.transform.RawValues.integer;
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

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.DisplayText;
import io.sendtime.model.Money;

/**
 * The line items of an order or a checkout, one rule for both: a positive quantity and a price in minor
 * units of the record's currency, a title a template may show (a flawed one is null, counted
 * {@code line_item_title_<flaw>}); the curated schema says which of the item's fields it keeps.
 */
final class LineItems {

    private LineItems() {
    }

    /** The raw {@code line_items} as the curated array of {@code curated}'s {@code line_items} field. */
    static GenericData.Array<GenericRecord> curate(GenericRecord raw, Schema curated, String currency,
                                                  CurationContext context) {
        Schema arraySchema = curated.getField("line_items").schema();
        Schema lineSchema = arraySchema.getElementType();
        List<GenericRecord> lines = new ArrayList<>();
        for (GenericRecord item : records(raw, "line_items")) {
            GenericRecordBuilder line = new GenericRecordBuilder(lineSchema)
                    .set("product_id", number(item, "product_id"))
                    .set("variant_id", number(item, "variant_id"))
                    .set("title", context.displayText("line_item_title", trimmed(item, "title"),
                            DisplayText.TITLE_LIMIT))
                    .set("quantity", positiveQuantity(integer(item, "quantity")))
                    .set("price_minor", required(Money.toMinor(string(item, "price"), currency), "line item price"));
            if (lineSchema.getField("line_item_id") != null) {
                line.set("line_item_id", number(item, "id"));
            }
            if (lineSchema.getField("sku") != null) {
                line.set("sku", trimmed(item, "sku"));
            }
            lines.add(line.build());
        }
        return new GenericData.Array<>(arraySchema, lines);
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new RejectedRecordException("no " + field);
        }
        return value;
    }

    private static int positiveQuantity(Integer quantity) {
        if (quantity == null || quantity <= 0) {
            throw new RejectedRecordException("line item quantity is not positive");
        }
        return quantity;
    }
}
