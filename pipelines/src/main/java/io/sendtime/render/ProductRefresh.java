package io.sendtime.render;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;

import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Money;
import io.sendtime.model.ProductPricing;
import io.sendtime.source.RestSourceClient;
import io.sendtime.source.SourceClients;

/**
 * Price and stock of every product from the commerce API, just before rendering, by the same rules as
 * the transform and the load: each product read through the source's raw schema ({@code schemas/raw/<source>/products.avsc},
 * so any shop's shape that the transform reads: Shopify's REST or GraphQL Admin API), variant prices to minor units
 * of the catalog currency ({@link Money}), then the product price rule ({@link ProductPricing}), per currency for
 * the prices the shop states per market (presentment prices). A product the raw schema or those rules refuse (more
 * decimals than the currency has, not a number, more variants than the source's query asks for) is skipped and
 * counted: it keeps the last load's price and stock. A failing API is reported to the caller, which falls back to
 * the lake's stock.
 */
final class ProductRefresh {

    /** A product's price and stock now, and its prices per currency as the shop states them (presentment prices). */
    record Stock(long productId, Long priceMinor, long stock, List<ProductPricing.Offer> prices) {}

    /** The products read, and how many were skipped for a price the money rules refuse. */
    record Fetched(List<Stock> products, int skipped) {}

    private static final String ENTITY = "products";

    private final SourceClients sources;
    private final String source;
    private final String catalogCurrency;
    private final RawSchemas schemas;

    ProductRefresh(SourceClients sources, String source, String catalogCurrency, RawSchemas schemas) {
        this.sources = sources;
        this.source = source;
        this.catalogCurrency = Money.currency(catalogCurrency);
        this.schemas = schemas;
    }

    Fetched fetch() {
        RestSourceClient client = sources.client(source);
        RecordConverter converter = new RecordConverter(schemas.schema(source, ENTITY));
        // a product the API lists twice (a feed updated while paging): its later listing wins
        Map<String, Stock> out = new LinkedHashMap<>();
        java.util.Set<String> skipped = new java.util.HashSet<>();
        client.forEachRecord(ENTITY, Instant.EPOCH, Instant.now(), product -> {
            String id = client.source().entity(ENTITY).idOf(product).orElse("");
            try {
                Stock s = stock(converter.convert(product).record());
                out.put(id, s);
                skipped.remove(id);
            } catch (RejectedRecordException e) {
                out.remove(id);
                skipped.add(id);
            }
        });
        return new Fetched(new ArrayList<>(out.values()), skipped.size());
    }

    private Stock stock(GenericRecord product) {
        if (Boolean.TRUE.equals(field(product, "variants_truncated"))) {
            throw new RejectedRecordException("more variants than the source's query asks for");
        }
        List<ProductPricing.Variant> variants = new ArrayList<>();
        List<List<ProductPricing.Offer>> offers = new ArrayList<>();
        for (GenericRecord variant : records(product, "variants")) {
            Object price = field(variant, "price");
            Object quantity = field(variant, "inventory_quantity");
            variants.add(new ProductPricing.Variant(Money.toMinor(price == null ? null : price.toString(), catalogCurrency),
                    quantity == null ? null : ((Number) quantity).longValue()));
            offers.add(presentmentPrices(variant));
        }
        ProductPricing.Pricing pricing = ProductPricing.of(variants);
        return new Stock(((Number) product.get("id")).longValue(), pricing.priceMinor(), pricing.stock(),
                ProductPricing.perCurrency(offers));
    }

    /**
     * A variant's presentment prices, by the transform's rules (a price the money rules refuse leaves that
     * currency out, as the transform does; the product's other prices stand).
     */
    private static List<ProductPricing.Offer> presentmentPrices(GenericRecord variant) {
        List<ProductPricing.Offer> offers = new ArrayList<>();
        for (GenericRecord presentment : records(variant, "presentment_prices")) {
            Object amount = field(presentment, "price_amount");
            if (amount == null) {
                continue;
            }
            try {
                Object code = field(presentment, "price_currency");
                String currency = Money.currency(code == null ? null : code.toString());
                offers.add(new ProductPricing.Offer(currency, Money.toMinor(amount.toString(), currency), null));
            } catch (RejectedRecordException e) {
                // left out, like the transform's bad_presentment_price
            }
        }
        return offers;
    }

    /** A field's value, null when the raw schema has no such field. */
    private static Object field(GenericRecord record, String name) {
        return record.getSchema().getField(name) == null ? null : record.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<GenericRecord> records(GenericRecord record, String name) {
        Object value = field(record, name);
        return value == null ? List.of() : (List<GenericRecord>) value;
    }
}
