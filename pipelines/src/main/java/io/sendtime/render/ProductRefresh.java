package io.sendtime.render;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.sendtime.source.Page;
import io.sendtime.source.RestSourceClient;
import io.sendtime.source.SourceClients;

/**
 * Price and stock of every product from the commerce API, just before rendering. Product prices are
 * in the catalog currency (sendtime.transform.catalog-currency); the price is the cheapest variant's,
 * the stock all variants'. A failing API is reported to the caller, which falls back to the lake's stock.
 */
final class ProductRefresh {

    record Stock(long productId, Long priceMinor, long stock) {}

    private final SourceClients sources;
    private final String source;
    private final Currency catalogCurrency;

    ProductRefresh(SourceClients sources, String source, String catalogCurrency) {
        this.sources = sources;
        this.source = source;
        this.catalogCurrency = Currency.getInstance(catalogCurrency);
    }

    List<Stock> fetch() {
        RestSourceClient client = sources.client(source);
        // a product the API lists twice (a feed updated while paging): its later listing wins
        java.util.Map<Long, Stock> out = new java.util.LinkedHashMap<>();
        String token = null;
        Instant now = Instant.now();
        do {
            Page page = client.fetchPage("products", Instant.EPOCH, now, token);
            for (JsonNode product : page.records()) {
                Stock s = stock(product);
                out.put(s.productId(), s);
            }
            token = page.isLast() ? null : page.nextPageToken();
        } while (token != null);
        return new ArrayList<>(out.values());
    }

    private Stock stock(JsonNode product) {
        Long price = null;
        long stock = 0;
        for (JsonNode variant : product.path("variants")) {
            if (variant.hasNonNull("price")) {
                long minor = new BigDecimal(variant.get("price").asText())
                        .movePointRight(Math.max(0, catalogCurrency.getDefaultFractionDigits())).longValueExact();
                price = price == null ? minor : Math.min(price, minor);
            }
            stock += Math.max(0, variant.path("inventory_quantity").asLong(0));
        }
        return new Stock(product.path("id").asLong(), price, stock);
    }
}
