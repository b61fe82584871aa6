package io.sendtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import io.sendtime.warehouse.SqlScript;

/**
 * The product price rule exists in Java ({@link ProductPricing}, the render's stock refresh) and in SQL
 * (sql/load/after/products.sql, the load): on variants with missing prices, unknown and negative
 * inventory, both give every product the same price and stock.
 */
class ProductPricingTest {

    @Test
    void theRuleReadsAsDocumented() {
        assertThat(ProductPricing.of(List.of(new ProductPricing.Variant(1500L, 3L), new ProductPricing.Variant(1200L, -2L),
                new ProductPricing.Variant(null, 4L), new ProductPricing.Variant(2000L, null))))
                .as("the cheapest priced variant; an oversold variant counts as no stock")
                .isEqualTo(new ProductPricing.Pricing(1200L, 7));
        assertThat(ProductPricing.of(List.of())).isEqualTo(new ProductPricing.Pricing(null, 0));
    }

    @Test
    void javaAndTheLoadAgree() {
        // given products with random variants
        Random random = new Random(5);
        Map<Long, List<ProductPricing.Variant>> products = new TreeMap<>();
        for (long id = 1; id <= 300; id++) {
            List<ProductPricing.Variant> variants = new ArrayList<>();
            for (int v = random.nextInt(4); v > 0; v--) {
                variants.add(new ProductPricing.Variant(random.nextInt(5) == 0 ? null : (long) random.nextInt(10_000),
                        random.nextInt(6) == 0 ? null : (long) random.nextInt(20) - 5));
            }
            products.put(id, variants);
        }

        // when the load's rule prices them
        Map<Long, ProductPricing.Pricing> inSql = new TreeMap<>();
        try (Handle h = Jdbi.create("jdbc:duckdb:").open()) {
            h.execute("CREATE TABLE products (product_id BIGINT, variants STRUCT(price_minor BIGINT,"
                    + " inventory_quantity BIGINT)[], price_minor BIGINT, stock BIGINT)");
            for (var p : products.entrySet()) {
                h.createUpdate("INSERT INTO products VALUES (:id, CAST(:variants::JSON AS STRUCT(price_minor BIGINT,"
                                + " inventory_quantity BIGINT)[]), NULL, NULL)")
                        .bind("id", p.getKey()).bind("variants", json(p.getValue())).execute();
            }
            h.execute("CREATE TEMP TABLE delta_products AS SELECT product_id FROM products");
            SqlScript.load("load/after/products.sql").run(h, Map.of());
            h.createQuery("SELECT product_id, price_minor, stock FROM products")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new ProductPricing.Pricing(
                            rs.getObject(2) == null ? null : rs.getLong(2), rs.getLong(3))))
                    .forEach(e -> inSql.put(e.getKey(), e.getValue()));
        }

        // then the render's rule gives the same
        products.forEach((id, variants) -> assertThat(inSql.get(id)).as("product %d %s", id, variants)
                .isEqualTo(ProductPricing.of(variants)));
    }

    private static String json(List<ProductPricing.Variant> variants) {
        StringBuilder sb = new StringBuilder("[");
        for (ProductPricing.Variant v : variants) {
            sb.append(sb.length() > 1 ? "," : "").append("{\"price_minor\":").append(v.priceMinor())
                    .append(",\"inventory_quantity\":").append(v.inventoryQuantity()).append("}");
        }
        return sb.append("]").toString();
    }
}
