package io.sendtime.render;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Money;
import io.sendtime.model.ProductPricing;
import io.sendtime.source.RestSourceClient;
import io.sendtime.source.SourceClients;

/**
 * Price and stock of every product from the commerce API, just before rendering, by the same rules as
 * the transform and the load: variant prices to minor units of the catalog currency ({@link Money}),
 * then the product price rule ({@link ProductPricing}). A product whose price those rules refuse (more
 * decimals than the currency has, not a number) is skipped and counted: it keeps the last load's price and
 * stock. A failing API is reported to the caller, which falls back to the lake's stock.
 */
final class ProductRefresh {

    record Stock(long productId, Long priceMinor, long stock) {}

    /** The products read, and how many were skipped for a price the money rules refuse. */
    record Fetched(List<Stock> products, int skipped) {}

    private final SourceClients sources;
    private final String source;
    private final String catalogCurrency;

    ProductRefresh(SourceClients sources, String source, String catalogCurrency) {
        this.sources = sources;
        this.source = source;
        this.catalogCurrency = Money.currency(catalogCurrency);
    }

    Fetched fetch() {
        RestSourceClient client = sources.client(source);
        // a product the API lists twice (a feed updated while paging): its later listing wins
        Map<Long, Stock> out = new LinkedHashMap<>();
        java.util.Set<Long> skipped = new java.util.HashSet<>();
        client.forEachRecord("products", Instant.EPOCH, Instant.now(), product -> {
            try {
                Stock s = stock(product);
                out.put(s.productId(), s);
                skipped.remove(s.productId());
            } catch (RejectedRecordException e) {
                long id = product.path("id").asLong();
                out.remove(id);
                skipped.add(id);
            }
        });
        return new Fetched(new ArrayList<>(out.values()), skipped.size());
    }

    private Stock stock(JsonNode product) {
        List<ProductPricing.Variant> variants = new ArrayList<>();
        for (JsonNode variant : product.path("variants")) {
            JsonNode quantity = variant.path("inventory_quantity");
            variants.add(new ProductPricing.Variant(
                    Money.toMinor(variant.hasNonNull("price") ? variant.get("price").asText() : null, catalogCurrency),
                    quantity.isNumber() ? quantity.asLong() : null));
        }
        ProductPricing.Pricing pricing = ProductPricing.of(variants);
        return new Stock(product.path("id").asLong(), pricing.priceMinor(), pricing.stock());
    }
}
