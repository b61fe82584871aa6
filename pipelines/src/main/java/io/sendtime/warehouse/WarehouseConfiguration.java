package io.sendtime.warehouse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DuckDB warehouse as a bean, from {@code sendtime.warehouse}. Opening it costs nothing until used. */
@Configuration
public class WarehouseConfiguration {

    @Bean
    public Warehouse warehouse(WarehouseSettings settings) {
        return new Warehouse(settings);
    }
}
