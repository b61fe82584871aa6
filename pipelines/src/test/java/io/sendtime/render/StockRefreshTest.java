package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.RawSchemas;
import io.sendtime.samples.Entity;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;
import io.sendtime.transform.SampleLake;

/**
 * The price and stock refresh just before a render reads products through the stock source's raw schema: the same
 * shop read through its REST Admin API ({@code commerce}) or its GraphQL Admin API ({@code shopify}, variants and a
 * price per market through aliased {@code contextualPricing}) gives the same price, stock and prices per currency
 * for every product, and a product that sells out just before the send reads as sold out through either.
 */
class StockRefreshTest {

    @TempDir
    Path dir;

    @Test
    void theShopsRestAndGraphqlApisGiveTheSamePriceAndStock() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            SourceClients sources = lake.app.get(SourceClients.class);
            sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_COMMERCE_TOKEN", lake.apis.commerceToken(),
                    "SENDTIME_SHOPIFY_TOKEN", lake.apis.commerceToken())));
            sources.override(sources.definition("shopify").withBaseUrl(lake.apis.baseUrl().toString()));
            RawSchemas schemas = lake.app.get(RawSchemas.class);

            List<ProductRefresh.Stock> rest = stock(sources, "commerce", schemas);
            List<ProductRefresh.Stock> graphql = stock(sources, "shopify", schemas);
            assertThat(rest).hasSize(40).anySatisfy(s -> assertThat(s.stock()).isPositive())
                    .allSatisfy(s -> assertThat(s.prices()).extracting(p -> p.currency())
                            .containsExactly("CAD", "EUR", "GBP", "JPY", "USD"));
            assertThat(graphql).isEqualTo(rest);

            // when a product sells out just before the send, both APIs say so
            long product = rest.get(0).productId();
            String json = Files.readAllLines(Path.of("..", "data-samples", "commerce", "products.jsonl")).stream()
                    .filter(l -> l.startsWith("{\"id\":" + product + ","))
                    .findFirst().orElseThrow().replaceAll("\"inventory_quantity\":\\d+", "\"inventory_quantity\":0");
            lake.apis.store().inject(Entity.PRODUCTS, Instant.now(), Long.toString(product), json);
            for (String source : List.of("commerce", "shopify")) {
                assertThat(stock(sources, source, schemas)).as(source)
                        .filteredOn(s -> s.productId() == product).singleElement()
                        .satisfies(s -> assertThat(s.stock()).isZero());
            }
        }
    }

    private static List<ProductRefresh.Stock> stock(SourceClients sources, String source, RawSchemas schemas) {
        ProductRefresh.Fetched fetched = new ProductRefresh(sources, source, "USD", schemas).fetch();
        assertThat(fetched.skipped()).as(source).isZero();
        return fetched.products().stream().sorted(Comparator.comparingLong(ProductRefresh.Stock::productId)).toList();
    }
}
