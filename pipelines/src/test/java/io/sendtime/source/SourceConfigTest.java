package io.sendtime.source;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceConfigTest {

    @Test
    void crmPresetBindsFromTheShippedYaml() throws Exception {
        // given
        SourceCatalog catalog = presets();

        // when
        SourceDefinition crm = catalog.source("crm");

        // then
        assertThat(catalog.names()).containsExactly("crm", "commerce", "shopify");
        catalog.validate();
        assertThat(crm.name()).isEqualTo("crm");
        assertThat(crm.baseUrl()).isEqualTo("http://127.0.0.1:8765");
        assertThat(crm.auth()).isEqualTo(AuthDefinition.bearer("SENDTIME_CRM_TOKEN"));
        assertThat(crm.pagination()).isEqualTo(PaginationDefinition.cursorInBody("paging.next.after", "after", 100));
        assertThat(crm.pagination().limitParam()).isEqualTo("limit");
        assertThat(crm.lookback()).isEqualTo(Duration.ofMinutes(5));
        assertThat(crm.timeouts().request()).isEqualTo(Duration.ofSeconds(30));
        assertThat(crm.entities()).containsOnlyKeys("contacts", "subscriptions");
        // contacts come from HubSpot's CRM search: a POST, 200 a page, 10,000 a query, 4 requests a second
        EntityDefinition contacts = crm.entity("contacts");
        assertThat(contacts.method()).isEqualTo("POST");
        assertThat(contacts.path()).isEqualTo("/crm/v3/objects/contacts/search");
        assertThat(contacts.cursorField()).isEqualTo("properties.lastmodifieddate");
        assertThat(contacts.resultCap()).isEqualTo(10_000);
        assertThat(crm.pageSizeOf("contacts")).isEqualTo(200);
        assertThat(crm.rateLimit().requestsPerSecond()).isEqualTo(4.0);
        // consent comes from HubSpot's subscriptions timeline: its own paging (offset while hasMore), one record per
        // change, the window in epoch milliseconds
        EntityDefinition subscriptions = crm.entity("subscriptions");
        assertThat(subscriptions.path()).isEqualTo("/email/public/v1/subscriptions/timeline");
        assertThat(crm.paginationOf("subscriptions")).isEqualTo(new PaginationDefinition(PaginationStyle.CURSOR_IN_BODY,
                1000, "limit", "offset", "offset", "next", "offset", "hasMore"));
        assertThat(crm.pageSizeOf("subscriptions")).isEqualTo(1000);
        assertThat(subscriptions.explode()).isEqualTo("changes");
        assertThat(subscriptions.cursorInEpochMillis()).isTrue();
        assertThat(SourceCatalog.problemsOf(crm)).isEmpty();
    }

    @Test
    void commercePresetBindsFromTheShippedYaml() throws Exception {
        // given
        SourceDefinition commerce = presets().source("commerce");

        // then
        assertThat(commerce.auth()).isEqualTo(AuthDefinition.header("X-Shopify-Access-Token", "SENDTIME_COMMERCE_TOKEN"));
        assertThat(commerce.pagination().style()).isEqualTo(PaginationStyle.LINK_HEADER);
        assertThat(commerce.pagination().linkRel()).isEqualTo("next");
        assertThat(commerce.pageSizeOf("orders")).isEqualTo(250);
        assertThat(commerce.rateLimit().requestsPerSecond()).isGreaterThanOrEqualTo(500.0);
        assertThat(commerce.retry().maxAttempts()).isGreaterThanOrEqualTo(8);
        assertThat(commerce.retry().maxBackoff()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(commerce.entities()).containsOnlyKeys("customers", "orders", "products", "checkouts", "storefront_events");
        assertThat(commerce.entity("storefront_events")).isEqualTo(new EntityDefinition("/sample-feed/storefront_events.json",
                "storefront_events", "id", "created_at", "created_at_min", "created_at_max", Map.of(), null, null,
                Map.of(), "GET", null, null, null, null, null, null, "iso", 4));
        assertThat(commerce.entity("customers")).isEqualTo(new EntityDefinition("/admin/api/2024-10/customers.json",
                "customers", "id", "updated_at", "updated_at_min", "updated_at_max", Map.of(), null, null));
        assertThat(commerce.entity("checkouts").records()).isEqualTo("checkouts");
        assertThat(commerce.entity("products").headers()).as("Shopify's prices per market, asked for by name and case")
                .isEqualTo(Map.of("X-Shopify-Api-Features", "include-presentment-prices"));
        assertThat(commerce.entity("orders").params()).containsEntry("status", "any");
    }

    @Test
    void unknownSourcesAndEntitiesListWhatIsConfigured() throws Exception {
        // given
        SourceCatalog catalog = presets();

        // when / then
        assertThatThrownBy(() -> catalog.source("erp"))
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("unknown source 'erp' (configured: crm, commerce, shopify)");
        assertThatThrownBy(() -> catalog.source("crm").entity("deals"))
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("source 'crm' has no entity 'deals' (entities: contacts, subscriptions)");
    }

    @Test
    void missingKeysAreReportedInOneLineNamingTheKey() {
        // given
        Map<String, String> config = minimal("crm");
        config.remove("sendtime.sources.crm.base-url");
        config.remove("sendtime.sources.crm.entities.contacts.cursor-field");

        // when / then
        assertThatThrownBy(() -> bind(config).validate())
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("sendtime.sources.crm.base-url is missing; sendtime.sources.crm.entities.contacts.cursor-field is missing");
    }

    @Test
    void authAndPaginationNeedTheirStyleSpecificKeys() {
        // given
        Map<String, String> config = minimal("shop");
        config.put("sendtime.sources.shop.auth.type", "header");
        config.put("sendtime.sources.shop.pagination.style", "cursor-in-body");
        config.put("sendtime.sources.shop.retry.jitter", "1.5");

        // when / then
        assertThatThrownBy(() -> bind(config).source("shop"))
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("sendtime.sources.shop.auth.header-name is missing (the header that carries the token); "
                        + "sendtime.sources.shop.pagination.next-cursor-path is missing (where the next cursor is in the body, e.g. paging.next.after); "
                        + "sendtime.sources.shop.pagination.cursor-param is missing (the query param the cursor is sent in, e.g. after); "
                        + "sendtime.sources.shop.retry.jitter must be between 0 and 1");
    }

    @Test
    void aSecretPastedInsteadOfAVariableNameIsRejectedWithoutEchoingIt() {
        // given
        Map<String, String> config = minimal("crm");
        config.put("sendtime.sources.crm.auth.type", "bearer");
        config.put("sendtime.sources.crm.auth.token-env", "pat-na1-1234-abcd");

        // when / then
        assertThatThrownBy(() -> bind(config).validate())
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("sendtime.sources.crm.auth.token-env must be the NAME of an environment variable (letters, digits, _), not the secret itself")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pat-na1"));
    }

    @Test
    void invalidValuesFailBindingWithTheKeyNamed() {
        // given
        Map<String, String> config = minimal("crm");
        config.put("sendtime.sources.crm.pagination.style", "pages");

        // when / then
        assertThatThrownBy(() -> bind(config))
                .isInstanceOf(SourceConfigException.class)
                .hasMessageStartingWith("sendtime.sources.crm.pagination.style 'pages' is invalid");
    }

    @Test
    void timeSlicesNeedTheWindowsUpperBoundInTheRequest() {
        // given an entity whose requests carry only the lower bound, read in 4 slices
        Map<String, String> config = minimal("shop");
        config.put("sendtime.sources.shop.entities.contacts.cursor-min-param", "updated_at_min");
        config.put("sendtime.sources.shop.entities.contacts.slices", "4");

        // when / then: every slice would read the whole window
        assertThatThrownBy(() -> bind(config).source("shop"))
                .isInstanceOf(SourceConfigException.class)
                .hasMessage("sendtime.sources.shop.entities.contacts.slices needs the requests to carry the window's"
                        + " upper bound: set cursor-max-param, or put ${to} in the body");

        // and with the upper bound it binds, as does a body that sends ${to}, and 0 slices does not
        config.put("sendtime.sources.shop.entities.contacts.cursor-max-param", "updated_at_max");
        assertThat(bind(config).source("shop").entity("contacts").slices()).isEqualTo(4);
        Map<String, String> body = minimal("shop");
        body.put("sendtime.sources.shop.entities.contacts.method", "POST");
        body.put("sendtime.sources.shop.entities.contacts.body", "{\"after\": \"${from}\", \"before\": \"${to}\"}");
        body.put("sendtime.sources.shop.entities.contacts.slices", "2");
        assertThat(bind(body).source("shop").entity("contacts").slices()).isEqualTo(2);
        config.put("sendtime.sources.shop.entities.contacts.slices", "0");
        assertThatThrownBy(() -> bind(config).source("shop"))
                .hasMessage("sendtime.sources.shop.entities.contacts.slices must be between 1 and 16, was 0");
    }

    @Test
    void sourcesNeedingNoAuthOrPagingDefaultsStillValidate() {
        // given
        SourceCatalog catalog = bind(minimal("open"));

        // when
        SourceDefinition open = catalog.source("open");

        // then
        assertThat(open.retry()).isEqualTo(RetryDefinition.defaults());
        assertThat(open.timeouts()).isEqualTo(TimeoutsDefinition.defaults());
        assertThat(open.lookbackOf("contacts")).isEqualTo(Duration.ofMinutes(5));
        assertThat(open.pageSizeOf("contacts")).isEqualTo(100);
    }

    private static SourceCatalog presets() throws Exception {
        var yaml = new YamlPropertySourceLoader().load("sources", new ClassPathResource("config/sources.yaml"));
        return SourceCatalog.bind(yaml);
    }

    private static SourceCatalog bind(Map<String, String> properties) {
        return SourceCatalog.bind(new Binder(new MapConfigurationPropertySource(properties)));
    }

    private static Map<String, String> minimal(String name) {
        String key = "sendtime.sources." + name;
        Map<String, String> config = new LinkedHashMap<>();
        config.put(key + ".base-url", "http://127.0.0.1:8765");
        config.put(key + ".auth.type", "none");
        config.put(key + ".auth.token-env", "SOME_TOKEN");
        config.put(key + ".pagination.style", "offset");
        config.put(key + ".entities.contacts.path", "/contacts");
        config.put(key + ".entities.contacts.records", "results");
        config.put(key + ".entities.contacts.id-field", "id");
        config.put(key + ".entities.contacts.cursor-field", "updatedAt");
        return config;
    }
}
