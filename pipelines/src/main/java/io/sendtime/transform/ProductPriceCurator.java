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

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Money;
import io.sendtime.model.ProductPricing;

/**
 * Product prices per currency, from the raw products' variant presentment prices (the prices the shop states for
 * each market currency): per currency the product price rule ({@link ProductPricing#perCurrency}). A presentment
 * price the money rules refuse (unknown currency, more decimals than it has) leaves that currency out of that
 * variant, counted {@code bad_presentment_price}; the product's other prices stand. Archived products are
 * tombstones.
 */
final class ProductPriceCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String rawEntity() { return "products"; }
    @Override public String entity() { return "product_prices"; }
    @Override public String keyField() { return "product_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        RawValues.requireWhole(raw, "variants", "variants");
        List<List<ProductPricing.Offer>> variants = new ArrayList<>();
        for (GenericRecord v : records(raw, "variants")) {
            List<ProductPricing.Offer> offers = new ArrayList<>();
            for (GenericRecord presentment : presentmentPrices(v)) {
                try {
                    ProductPricing.Offer offer = offer(presentment);
                    if (offer != null) {
                        offers.add(offer);
                    }
                } catch (RejectedRecordException e) {
                    context.count("bad_presentment_price");
                }
            }
            variants.add(offers);
        }
        Schema priceSchema = curated.getField("prices").schema().getElementType();
        List<GenericRecord> prices = new ArrayList<>();
        for (ProductPricing.Offer o : ProductPricing.perCurrency(variants)) {
            prices.add(new GenericRecordBuilder(priceSchema).set("currency", o.currency())
                    .set("price_minor", o.priceMinor()).set("compare_at_price_minor", o.compareAtMinor()).build());
        }
        return new GenericRecordBuilder(curated)
                .set("product_id", number(raw, "id"))
                .set("prices", new GenericData.Array<>(curated.getField("prices").schema(), prices))
                .set("updated_at", micros(raw, "updated_at"))
                .set("is_deleted", "archived".equalsIgnoreCase(trimmed(raw, "status")));
    }

    private static List<GenericRecord> presentmentPrices(GenericRecord variant) {
        return variant.getSchema().getField("presentment_prices") == null ? List.of()
                : records(variant, "presentment_prices");
    }

    /** One presentment price; null when it states no amount. */
    private static ProductPricing.Offer offer(GenericRecord presentment) {
        if (string(presentment, "price_amount") == null) {
            return null;
        }
        String currency = Money.currency(string(presentment, "price_currency"));
        Long compareAtMinor = null;
        if (string(presentment, "compare_at_amount") != null
                && currency.equals(Money.currency(string(presentment, "compare_at_currency")))) {
            compareAtMinor = Money.toMinor(string(presentment, "compare_at_amount"), currency);
        }
        return new ProductPricing.Offer(currency, Money.toMinor(string(presentment, "price_amount"), currency),
                compareAtMinor);
    }
}
