package io.sendtime.transform;

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

import io.sendtime.model.DisplayText;
import io.sendtime.model.Money;

/**
 * Catalog products: titles a template may show (a flawed one is null, counted {@code title_<flaw>} or
 * {@code variant_title_<flaw>}), the canonical category from the taxonomy file (unlisted: {@code other}, counted
 * {@code unknown_category}), variant prices in minor units of the catalog currency; archived
 * products are tombstones.
 */
final class ProductCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String entity() { return "products"; }
    @Override public String keyField() { return "product_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        RawValues.requireWhole(raw, "variants", "variants");
        String currency = Money.currency(context.catalogCurrency());
        String productType = string(raw, "product_type");
        String category = context.taxonomy().canonical(productType);
        if (category.equals(CategoryTaxonomy.OTHER)) {
            context.count("unknown_category");
        }
        Schema variantSchema = curated.getField("variants").schema().getElementType();
        List<GenericRecord> variants = new ArrayList<>();
        for (GenericRecord v : records(raw, "variants")) {
            variants.add(new GenericRecordBuilder(variantSchema)
                    .set("variant_id", number(v, "id"))
                    .set("title", context.displayText("variant_title", trimmed(v, "title"), DisplayText.TITLE_LIMIT))
                    .set("sku", trimmed(v, "sku"))
                    .set("price_minor", Money.toMinor(string(v, "price"), currency))
                    .set("compare_at_price_minor", Money.toMinor(string(v, "compare_at_price"), currency))
                    .set("inventory_quantity", number(v, "inventory_quantity"))
                    .set("updated_at", micros(v, "updated_at"))
                    .build());
        }
        String status = trimmed(raw, "status");
        return new GenericRecordBuilder(curated)
                .set("product_id", number(raw, "id"))
                .set("title", context.displayText("title", trimmed(raw, "title"), DisplayText.TITLE_LIMIT))
                .set("handle", trimmed(raw, "handle"))
                .set("category", category)
                .set("product_type", productType)
                .set("vendor", trimmed(raw, "vendor"))
                .set("tags", trimmed(raw, "tags"))
                .set("status", status)
                .set("currency", currency)
                .set("created_at", micros(raw, "created_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("variants", new GenericData.Array<>(curated.getField("variants").schema(), variants))
                .set("is_deleted", "archived".equalsIgnoreCase(status));
    }
}
