package io.sendtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;

/**
 * A source that is only configuration: a directory outside the jar with its YAML and its raw schema (a support
 * desk's tickets, for example), checked by {@code config validate} and extracted by {@code run extract} with no
 * code change and no rebuild.
 */
class SourceByConfigurationTest {

    @TempDir
    Path dir;

    StubApi helpdesk;
    Path config;

    @BeforeEach
    void start() throws Exception {
        helpdesk = new StubApi();
        helpdesk.on("/api/v2/tickets", (request, call) -> StubApi.Response.json(call == 1 ? """
                {"tickets": [
                  {"id": 101, "requester": {"email": "ana@example.de"}, "subject": "Where is my order?",
                   "status": "open", "updated_at": "2026-11-09T23:10:00Z"},
                  {"id": 102, "requester": {"email": "bob@example.com"}, "subject": "Return",
                   "status": "solved", "updated_at": "2026-11-09T23:20:00Z"}],
                 "next_page": "2"}""" : """
                {"tickets": [
                  {"id": 103, "requester": {"email": "cy@example.fr"}, "subject": "Size",
                   "status": "pending", "updated_at": "2026-11-09T23:30:00Z"}],
                 "next_page": null}"""));
        config = dir.resolve("config");
        Files.createDirectories(config.resolve("schemas/raw/helpdesk"));
        Files.writeString(config.resolve("base.yaml"), """
                sendtime:
                  var-dir: %s
                """.formatted(dir.resolve("var")));
        Files.writeString(config.resolve("helpdesk.yaml"), """
                sendtime:
                  sources:
                    helpdesk:
                      base-url: %s
                      auth: {type: none}
                      pagination: {style: cursor-in-body, next-cursor-path: next_page, cursor-param: page, page-size: 2}
                      retry: {max-attempts: 2, initial-backoff: 10ms, max-backoff: 20ms}
                      entities:
                        tickets:
                          path: /api/v2/tickets
                          records: tickets
                          id-field: id
                          cursor-field: updated_at
                          cursor-min-param: updated_since
                """.formatted(helpdesk.baseUrl()));
        Files.writeString(config.resolve("schemas/raw/helpdesk/tickets.avsc"), """
                {"type": "record", "name": "Ticket", "namespace": "io.sendtime.raw.helpdesk", "fields": [
                  {"name": "id", "type": "long"},
                  {"name": "email", "type": ["null", "string"], "default": null, "sendtime.path": "requester.email",
                   "sendtime.person": "email"},
                  {"name": "subject", "type": ["null", "string"], "default": null},
                  {"name": "status", "type": ["null", "string"], "default": null},
                  {"name": "updated_at", "type": {"type": "long", "logicalType": "timestamp-micros"}}
                ]}""");
    }

    @AfterEach
    void stop() {
        helpdesk.close();
        System.clearProperty(io.sendtime.config.ConfigDirectory.PROPERTY);
    }

    @Test
    void aSourceDefinedOnlyInAConfigurationDirectoryIsCheckedAndExtracted() throws Exception {
        // when the configuration is checked
        CliRun validate = CliRun.run(config, "config", "validate");
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("helpdesk (1 entities)").contains(config.toString());

        // and the new source is extracted
        CliRun extract = CliRun.run(config, "run", "extract", "--source", "helpdesk",
                "--from", "2026-11-09T23:00:00Z", "--to", "2026-11-10T00:00:00Z");

        // then every ticket is in the raw lake, in the raw schema the directory gave
        assertThat(extract.exitCode()).as(extract.err()).isZero();
        assertThat(extract.out()).containsPattern("tickets\\s+3\\s+3\\s");
        try (var files = Files.walk(dir.resolve("var/lake/raw/helpdesk/tickets"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet")).toList()).isNotEmpty();
        }
        assertThat(helpdesk.requests()).hasSize(2);
        assertThat(helpdesk.requests().get(0).query()).containsEntry("updated_since", "2026-11-09T22:55:00Z");
    }

    @Test
    void aStorefrontPixelDefinedOnlyInConfigurationFeedsTheCuratedEventsAndTheWarehouse() throws Exception {
        // given a third source, a storefront pixel's event relay, with its YAML, its raw schema (mapping its fields
        // and its spellings of event types onto the storefront events' columns) and the transform input
        try (StubApi pixel = new StubApi()) {
            pixel.on("/v1/events", (request, call) -> StubApi.Response.json("""
                    {"events": [
                      {"id": "px-1", "name": "product_viewed", "clientId": "c-1", "timestamp": "2026-11-09T23:05:00Z",
                       "customerId": 207119551, "data": {"productVariant": {"id": 808950810, "product": {"id": 632910392}}}},
                      {"id": "px-2", "name": "search_submitted", "clientId": "c-1", "timestamp": "2026-11-09T23:06:00Z",
                       "data": {"searchResult": {"query": "linen"}}},
                      {"id": "px-3", "name": "checkout_completed", "clientId": "c-2", "timestamp": "2026-11-09T23:07:00Z",
                       "data": {}}],
                     "next": null}"""));
            Files.writeString(config.resolve("base.yaml"), """
                    sendtime:
                      var-dir: %s
                      privacy:
                        key-env: SENDTIME_TEST_PRIVACY_KEY_UNSET
                      transform:
                        inputs:
                          "[storefront_events]": [pixel.events]
                    """.formatted(dir.resolve("var")));
            io.sendtime.TestApp.writeTestKey(dir.resolve("var").resolve("privacy.key"));
            Files.writeString(config.resolve("pixel.yaml"), """
                    sendtime:
                      sources:
                        pixel:
                          base-url: %s
                          auth: {type: none}
                          pagination: {style: cursor-in-body, next-cursor-path: next, cursor-param: after}
                          entities:
                            events:
                              path: /v1/events
                              records: events
                              id-field: id
                              cursor-field: timestamp
                              cursor-min-param: since
                    """.formatted(pixel.baseUrl()));
            Files.createDirectories(config.resolve("schemas/raw/pixel"));
            Files.writeString(config.resolve("schemas/raw/pixel/events.avsc"), """
                    {"type": "record", "name": "PixelEvent", "namespace": "io.sendtime.raw.pixel", "fields": [
                      {"name": "id", "type": "string"},
                      {"name": "type", "type": "string", "sendtime.path": "name",
                       "sendtime.values": {"search_submitted": "searched", "product_added_to_cart": "added_to_cart"}},
                      {"name": "customer_id", "type": ["null", "long"], "default": null, "sendtime.path": "customerId",
                       "sendtime.person": "commerce"},
                      {"name": "session_id", "type": ["null", "string"], "default": null, "sendtime.path": "clientId"},
                      {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-micros"},
                       "sendtime.path": "timestamp"},
                      {"name": "created_at", "type": {"type": "long", "logicalType": "timestamp-micros"},
                       "sendtime.path": "timestamp"},
                      {"name": "product_id", "type": ["null", "long"], "default": null,
                       "sendtime.path": "data.productVariant.product.id"},
                      {"name": "variant_id", "type": ["null", "long"], "default": null,
                       "sendtime.path": "data.productVariant.id"},
                      {"name": "search_query", "type": ["null", "string"], "default": null,
                       "sendtime.path": "data.searchResult.query"}
                    ]}""");
            assertThat(CliRun.run(config, "config", "validate").exitCode()).isZero();

            // when it is extracted, curated and loaded, with no code change
            CliRun extract = CliRun.run(config, "run", "extract", "--source", "pixel",
                    "--from", "2026-11-09T23:00:00Z", "--to", "2026-11-10T00:00:00Z");
            assertThat(extract.exitCode()).as(extract.err()).isZero();
            CliRun transform = CliRun.run(config, "run", "transform");
            assertThat(transform.exitCode()).as(transform.err()).isZero();
            CliRun load = CliRun.run(config, "run", "load");
            assertThat(load.exitCode()).as(load.err()).isZero();

            // then its events are storefront events in the warehouse, its spelling of a search mapped, and the
            // event type nobody curates quarantined with its reason, counted
            assertThat(transform.out()).containsPattern("storefront_events\\s+3\\s+2\\s+0\\s+1");
            try (var warehouse = java.sql.DriverManager.getConnection("jdbc:duckdb:"
                    + dir.resolve("var/warehouse/sendtime.duckdb"));
                 var rows = warehouse.createStatement().executeQuery(
                         "SELECT event_id, type, product_id, search_query FROM events ORDER BY event_id")) {
                List<String> events = new java.util.ArrayList<>();
                while (rows.next()) {
                    events.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getObject(3) + " "
                            + rows.getString(4));
                }
                assertThat(events).containsExactly("px-1 product_viewed 632910392 null", "px-2 searched null linen");
            }
        }
    }

    @Test
    void rawSchemaFieldsTheGraphqlQueryDoesNotSelectAreNamedByConfigValidate() throws Exception {
        // given the shipped shopify preset's customers query, and a raw schema for its customers in the configuration
        // directory (read before the jar's) that reads the email's marketing state (selected) and a note (not selected)
        Files.createDirectories(config.resolve("schemas/raw/shopify"));
        Files.writeString(config.resolve("schemas/raw/shopify/customers.avsc"), """
                {"type": "record", "name": "Customer", "namespace": "io.sendtime.raw.shopify", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "email_marketing_state", "type": ["null", "string"], "default": null,
                   "sendtime.path": "defaultEmailAddress.marketingState"},
                  {"name": "note", "type": ["null", "string"], "default": null},
                  {"name": "updated_at", "type": {"type": "long", "logicalType": "timestamp-micros"},
                   "sendtime.path": "updatedAt"}
                ]}""");
        // and one for its products whose variants read a barcode and a Swiss price, neither asked for (the other
        // market prices come from the query's fragment, spread under their aliases)
        Files.writeString(config.resolve("schemas/raw/shopify/products.avsc"), """
                {"type": "record", "name": "Product", "namespace": "io.sendtime.raw.shopify", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "updated_at", "type": {"type": "long", "logicalType": "timestamp-micros"},
                   "sendtime.path": "updatedAt"},
                  {"name": "variants", "sendtime.path": "variants.nodes", "type": {"type": "array", "items": {
                    "type": "record", "name": "Variant", "fields": [
                      {"name": "id", "type": "string"},
                      {"name": "barcode", "type": ["null", "string"], "default": null},
                      {"name": "presentment_prices", "sendtime.paths": ["usd", "jpy", "chf"], "type": {"type": "array",
                       "items": {"type": "record", "name": "Price", "fields": [
                         {"name": "price_amount", "type": "string", "sendtime.path": "price.amount"}]}}}]}}}
                ]}""");

        // when the configuration is checked, then the fields the query does not select are named, and only they
        CliRun validate = CliRun.run(config, "config", "validate");
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines().toList()).containsExactlyInAnyOrder("sendtime: "
                + config.resolve("schemas/raw/shopify/customers.avsc") + ": field 'note' reads note, which "
                + "sendtime.sources.shopify.entities.customers.query does not select",
                "sendtime: " + config.resolve("schemas/raw/shopify/products.avsc") + ": field 'variants[].barcode' reads "
                + "variants.nodes.barcode, which sendtime.sources.shopify.entities.products.query does not select",
                "sendtime: " + config.resolve("schemas/raw/shopify/products.avsc") + ": field "
                + "'variants[].presentment_prices' reads variants.nodes.chf, which "
                + "sendtime.sources.shopify.entities.products.query does not select");
    }

    @Test
    void aSecondShopIsAPresetABaseUrlAndATokenAndAPresetThatDoesNotExistIsNamed() throws Exception {
        // given a second shop: the shopify preset, its own address and token, one key of its own
        Files.writeString(config.resolve("shops.yaml"), """
                sendtime:
                  sources:
                    secondshop:
                      preset: shopify
                      base-url: https://second.example
                      auth:
                        token-env: SECOND_SHOP_TOKEN
                      entities:
                        orders:
                          page-size: 2
                """);

        // then the configuration checks out: its entities and raw schemas are the preset's
        CliRun validate = CliRun.run(config, "config", "validate");
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("secondshop (4 entities)");
        // and, bound as the application binds it, it has every key of the preset it does not set itself
        var loader = new org.springframework.boot.env.YamlPropertySourceLoader();
        List<org.springframework.core.env.PropertySource<?>> sources = new java.util.ArrayList<>(
                loader.load("shops", new org.springframework.core.io.FileSystemResource(config.resolve("shops.yaml"))));
        sources.addAll(loader.load("jar", new org.springframework.core.io.ClassPathResource("config/sources.yaml")));
        SourceCatalog catalog = SourceCatalog.bind(sources);
        SourceDefinition shop = catalog.source("secondshop");
        SourceDefinition preset = catalog.source("shopify");
        assertThat(shop.baseUrl()).isEqualTo("https://second.example");
        assertThat(shop.auth().tokenEnv()).isEqualTo("SECOND_SHOP_TOKEN");
        assertThat(shop.auth().headerName()).isEqualTo("X-Shopify-Access-Token");
        assertThat(shop.pageSizeOf("orders")).isEqualTo(2);
        assertThat(shop.pageSizeOf("products")).isEqualTo(3);
        assertThat(shop.entity("orders").query()).isEqualTo(preset.entity("orders").query());
        assertThat(shop.rateLimit().queryCost()).isEqualTo("extensions.cost");
        assertThat(new io.sendtime.lake.RawSchemas(Map.of("secondshop", "shopify")::get).resource("secondshop", "products"))
                .isEqualTo("schemas/raw/shopify/products.avsc");

        // when a source names a preset that does not exist, config validate names it
        Files.writeString(config.resolve("typo.yaml"), """
                sendtime:
                  sources:
                    thirdshop:
                      preset: shopfy
                      base-url: https://third.example
                """);
        CliRun typo = CliRun.run(config, "config", "validate");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err().lines().toList()).first().isEqualTo("sendtime: sendtime.sources.thirdshop.preset: "
                + "'shopfy' is no preset (presets: hubspot, shopify, shopify-rest)");
    }

    @Test
    void aStockSourceOrConsentRefreshNamingNoConfiguredEntityIsNamedByConfigValidate() throws Exception {
        // given the render's price and stock from a source with no products, and a consent refresh of an entity its
        // source does not have
        Files.writeString(config.resolve("render.yaml"), """
                sendtime:
                  render:
                    stock-source: helpdesk
                  consent:
                    refresh:
                      shopify: [customers, buyers]
                """);

        CliRun validate = CliRun.run(config, "config", "validate");
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines().toList()).containsExactlyInAnyOrder(
                "sendtime: sendtime.render.stock-source: 'helpdesk' is no configured source with a products entity "
                        + "(sources: commerce, crm, helpdesk, shopify)",
                "sendtime: sendtime.consent.refresh.shopify: 'buyers' is no entity of a configured source shopify "
                        + "(sources: commerce, crm, helpdesk, shopify)");
    }

    @Test
    void whatSendtimeServeReceivesIsAnInputWithoutASourceAndAMisspeltOneIsNamed() throws Exception {
        // given the storefront events curated from what the server receives (webhooks: configured as no source, its
        // raw schema in the registry) and from a source that does not exist
        Files.writeString(config.resolve("inputs.yaml"), """
                sendtime:
                  transform:
                    inputs:
                      "[storefront_events]": [webhooks.storefront_events, webhoks.storefront_events]
                """);

        // when the configuration is checked, then only the misspelt one is named
        CliRun validate = CliRun.run(config, "config", "validate");
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines().toList()).containsExactly("sendtime: sendtime.transform.inputs.storefront_events:"
                + " 'webhoks.storefront_events' is no configured source's entity (sources: commerce, crm, helpdesk, shopify)");
    }

    @Test
    void aMissingSchemaOrABrokenTemplateIsOneLineNamingTheFileAndNothingIsRequested() throws Exception {
        // given the schema is missing and a second entity's search body does not parse
        Files.delete(config.resolve("schemas/raw/helpdesk/tickets.avsc"));
        Files.writeString(config.resolve("helpdesk-search.yaml"), """
                sendtime:
                  sources:
                    helpdesk:
                      entities:
                        "[search_results]":
                          method: POST
                          path: /api/v2/search
                          records: results
                          id-field: id
                          cursor-field: updated_at
                          body: '{"query": "updated>${from}", "per_page": ${limit}'
                """);

        // when it is checked: exit 2, one line per problem, naming what to fix
        CliRun validate = CliRun.run(config, "config", "validate");
        assertThat(validate.exitCode()).isEqualTo(2);
        List<String> lines = validate.err().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(
                "sendtime: sendtime.sources.helpdesk.entities.search_results.body is not valid JSON (line 1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("sendtime: no raw schema for helpdesk.tickets: "
                + "add schemas/raw/helpdesk/tickets.avsc to " + config));

        // and an extract stops before any request, with the lake untouched
        CliRun extract = CliRun.run(config, "run", "extract", "--source", "helpdesk", "--entity", "tickets",
                "--from", "2026-11-09T23:00:00Z", "--to", "2026-11-10T00:00:00Z");
        assertThat(extract.exitCode()).isEqualTo(2);
        assertThat(extract.err().strip()).startsWith("sendtime: ").doesNotContain("\tat ");
        assertThat(helpdesk.requests()).isEmpty();
        assertThat(dir.resolve("var/lake/raw/_manifests")).doesNotExist();
    }
}
