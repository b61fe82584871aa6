package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * Which segment rules a load may evaluate over the moved profiles alone (those reading nothing but the profile's
 * features row), on DuckDB's parse of each: the shipped rules' shapes and other row-only ones are; anything reading
 * the clock, another table, a column not of the features, or an unlisted function is not.
 */
class RowOnlyRuleTest {

    private static final Set<String> COLUMNS = Set.of("customer_key", "email", "orders_count", "days_since_last_order",
            "recent_views", "cart_abandoned", "engagement_score", "top_categories_by_views", "last_order_at", "country");

    @ParameterizedTest
    @ValueSource(strings = {
            "cart_abandoned",
            "orders_count >= 5 AND days_since_last_order <= 365",
            "orders_count >= 2 AND days_since_last_order BETWEEN 120 AND 365",
            "orders_count = 0 AND recent_views > 0",
            "ORDERS_COUNT = 0",
            "coalesce(email, '') LIKE '%@example.com' OR country IN ('DE', 'AT')",
            "list_contains(top_categories_by_views, 'Shoes') AND NOT cart_abandoned IS NULL",
            "date_part('dow', last_order_at) = 1 AND last_order_at >= TIMESTAMPTZ '2026-01-01 00:00:00+00'",
            "CASE WHEN engagement_score >= 50.5 THEN true ELSE orders_count::INTEGER % 2 = 0 END",
            "greatest(orders_count, recent_views) > 3 AND lower(country) = 'de'"})
    void rulesOfTheRowAlone(String rule) {
        assertThat(test(rule)).as(rule).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "now() - INTERVAL 3 DAY < last_order_at",
            "current_date > last_order_at::DATE",
            "today() > last_order_at::DATE",
            "getvariable('as_of') >= TIMESTAMPTZ '2026-11-20 05:00:00+00'",
            "age(last_order_at) > INTERVAL 1 DAY",
            "random() < 0.5",
            "customer_key IN (SELECT customer_key FROM orders)",
            "EXISTS (SELECT 1 FROM orders o WHERE o.customer_key = customer_key)",
            "p.orders_count > 1",
            "unknown_column > 1",
            "orders_count > 1 FROM orders",
            "orders_count > 1 WHERE true",
            "list_filter(top_categories_by_views, c -> c = 'x') = []",
            "count(*) > 0",
            "sum(orders_count) OVER () > 10",
            "main.abs(orders_count) > 1",
            "orders_count > 1; SELECT 1",
            "orders_count >"})
    void rulesThatReadMoreThanTheRow(String rule) {
        assertThat(test(rule)).as(rule).isFalse();
    }

    private static boolean test(String rule) {
        try (Handle h = Warehouse.scratch(new WarehouseSettings(null, "256MB", 1), null).open()) {
            return RowOnlyRule.test(h, rule, COLUMNS);
        }
    }
}
