package io.sendtime.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.catalog}: what the product catalog's prices mean, for every stage that reads them (the
 * transform curating products, the render refreshing price and stock just before a send).
 *
 * @param currency the ISO 4217 currency product prices are listed in (products carry no currency);
 *                 {@code sendtime.transform.catalog-currency}, its earlier name, still sets it
 */
@ConfigurationProperties("sendtime.catalog")
public record CatalogSettings(String currency) {

    public CatalogSettings {
        currency = currency == null || currency.isBlank() ? "USD" : currency.strip();
    }
}
