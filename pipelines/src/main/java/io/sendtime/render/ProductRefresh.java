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
 * then the product price rule ({@link ProductPricing}), per currency for the prices the shop states per market
 * (presentment prices). A product whose price those rules refuse (more
 * decimals than the currency has, not a number) is skipped and counted: it keeps the last load's price and
 * stock. A failing API is reported to the caller, which falls back to the lake's stock.
 */
final class ProductRefresh {

    /** A product's price and stock now, and its prices per currency as the shop states them (presentment prices). */
    record Stock(long productId, Long priceMinor, long stock, List<ProductPricing.Offer> prices) {}

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
        List<List<ProductPricing.Offer>> offers = new ArrayList<>();
        for (JsonNode variant : product.path("variants")) {
            JsonNode quantity = variant.path("inventory_quantity");
            variants.add(new ProductPricing.Variant(
                    Money.toMinor(variant.hasNonNull("price") ? variant.get("price").asText() : null, catalogCurrency),
                    quantity.isNumber() ? quantity.asLong() : null));
            offers.add(presentmentPrices(variant));
        }
        ProductPricing.Pricing pricing = ProductPricing.of(variants);
        return new Stock(product.path("id").asLong(), pricing.priceMinor(), pricing.stock(),
                ProductPricing.perCurrency(offers));
    }

    /**
     * A variant's presentment prices, by the transform's rules (a price the money rules refuse leaves that
     * currency out, as the transform does; the product's other prices stand).
     */
    private static List<ProductPricing.Offer> presentmentPrices(JsonNode variant) {
        List<ProductPricing.Offer> offers = new ArrayList<>();
        for (JsonNode presentment : variant.path("presentment_prices")) {
            JsonNode price = presentment.path("price");
            if (!price.hasNonNull("amount")) {
                continue;
            }
            try {
                String currency = Money.currency(price.path("currency_code").asText(null));
                offers.add(new ProductPricing.Offer(currency, Money.toMinor(price.get("amount").asText(), currency), null));
            } catch (RejectedRecordException e) {
                // left out, like the transform's bad_presentment_price
            }
        }
        return offers;
    }
}
