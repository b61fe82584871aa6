package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * Money features convert orders in other currencies by the rates of their day; rates are dated and append-only,
 * so a new rate recomputes what a rebuild would, and a changed or dropped one is refused.
 */
class ExchangeRatesLoadTest {

    /** Eleni (EUR) paid order #1215 (2025-11-18) in USD: 115.31 USD, converted at the EUR rate of its day. */
    private static final String ELENI = "SELECT lifetime_value_minor, average_order_value_minor, converted_orders"
            + " FROM profiles WHERE email = 'eleni.papadopoulos@example.gr'";
    private static final String MONEY = """
            SELECT customer_key, lifetime_value_minor, average_order_value_minor, converted_orders, top_categories_by_spend::VARCHAR AS top_spend
            FROM profiles ORDER BY customer_key""";

    @TempDir
    Path dir;

    @Test
    void aNewRateRecomputesLikeARebuildAndAChangedRateIsRefused() throws Exception {
        Path rates = dir.resolve("rates.csv");
        String sample = new String(getClass().getResourceAsStream("/data-samples/exchange-rates.csv").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(rates, sample);
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.money.exchange-rates", rates.toString()))) {
            lake.extractBoth();
            lake.transform();
            LoadService load = lake.app.get(LoadService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            LoadSummary first = load.run(false, null);
            assertThat(first.succeeded()).isTrue();
            assertThat(first.count("exchange_rates_added")).isEqualTo(15);
            assertThat(first.count("orders_other_currency")).isEqualTo(9);
            assertThat(first.count("orders_without_rate")).isZero();
            // 115.31 USD × 0.86 (the 2025-07-01 rate) = 99.17 EUR, with her other order's 53.38 EUR
            assertThat(row(warehouse, ELENI)).containsExactly(15255L, 7628L, 1L);

            // a new rate dated before her order: the next load, with no new data, recomputes her money features
            Files.writeString(rates, sample + "2025-11-01,EUR,0.90\n");
            LoadSummary second = load.run(false, null);
            assertThat(second.succeeded()).isTrue();
            assertThat(second.count("exchange_rates_added")).isEqualTo(1);
            assertThat(row(warehouse, ELENI)).as("115.31 × 0.90 = 103.78, + 53.38").containsExactly(15716L, 7858L, 1L);
            List<Map<String, Object>> incremental = rows(warehouse, MONEY);
            assertThat(load.run(true, null).succeeded()).isTrue();
            assertThat(rows(warehouse, MONEY)).as("the incremental load equals a full rebuild")
                    .isEqualTo(incremental);

            // rates are append-only: a changed or a dropped rate is refused by name, and nothing changes
            Files.writeString(rates, sample.replace("2025-07-01,EUR,0.86", "2025-07-01,EUR,0.87") + "2025-11-01,EUR,0.90\n");
            LoadSummary changed = load.run(false, null);
            assertThat(changed.succeeded()).isFalse();
            assertThat(changed.failure()).contains("changes the EUR rate of 2025-07-01 from 0.86 to 0.87");
            Files.writeString(rates, sample);
            LoadSummary dropped = load.run(false, null);
            assertThat(dropped.succeeded()).isFalse();
            assertThat(dropped.failure()).contains("no longer has the EUR rate of 2025-11-01 (0.9)");
            assertThat(row(warehouse, ELENI)).containsExactly(15716L, 7858L, 1L);

            // an unreadable file is refused before the load starts, naming the line
            Files.writeString(rates, "date,currency,rate\n2025-11-01,EUR,zero\n");
            assertThatThrownBy(() -> load.run(false, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 2: rate is not a decimal number");
        }
    }

    private static List<Object> row(Warehouse warehouse, String sql) {
        return List.copyOf(rows(warehouse, sql).get(0).values());
    }

    private static List<Map<String, Object>> rows(Warehouse warehouse, String sql) {
        return warehouse.read(h -> h.createQuery(sql).mapToMap().list());
    }
}
