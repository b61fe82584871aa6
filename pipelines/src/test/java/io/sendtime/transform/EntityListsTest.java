package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.RawSchemas;
import io.sendtime.load.LoadEntity;
import io.sendtime.samples.Entity;

/**
 * The entities are listed in five places (the source presets, the raw Avro schemas, the curators, the
 * load's entities and the sample APIs' feeds); they all name the same ones, the shopify preset's aside (it feeds
 * the commerce entities' curators as a configured input), and the ones {@code sendtime serve} receives aside (source
 * webhooks: no preset extracts them, no sample API serves them; a raw schema and a curator or a configured input).
 */
class EntityListsTest {

    @Test
    void everyListNamesTheSameEntities() throws Exception {
        // the source presets: <source>.<entity>
        Set<String> presets = new TreeSet<>();
        var yaml = new org.springframework.boot.env.YamlPropertySourceLoader().load("sources",
                new org.springframework.core.io.ClassPathResource("config/sources.yaml"));
        io.sendtime.source.SourceCatalog.bind(yaml).definitions().forEach(source ->
                source.entities().keySet().forEach(entity -> presets.add(source.name() + "." + entity)));
        Set<String> curators = TransformJobConfiguration.CURATORS.stream().map(c -> c.source() + "." + c.rawEntity())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> received = curators.stream().filter(c -> c.startsWith("webhooks."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(received).as("curators of what sendtime serve receives").containsExactly("webhooks.email_events");
        curators.removeAll(received);
        Set<String> samples = Arrays.stream(Entity.values())
                .map(e -> e.system().name().toLowerCase(Locale.ROOT) + "." + e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> curated = TransformJobConfiguration.CURATORS.stream().map(Curator::entity)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> loaded = Arrays.stream(LoadEntity.values()).map(LoadEntity::curated)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(presets).as("source presets (config/sources.yaml)").hasSize(11);
        // the shopify preset (GraphQL) feeds curated entities through sendtime.transform.inputs, not curators of its own
        Set<String> shopify = presets.stream().filter(p -> p.startsWith("shopify.")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(shopify).containsExactly("shopify.checkouts", "shopify.customers", "shopify.orders", "shopify.products");
        Set<String> own = new TreeSet<>(presets);
        own.removeAll(shopify);
        assertThat(curators).as("curators").isEqualTo(own);
        assertThat(samples).as("sample API feeds").isEqualTo(own);
        RawSchemas raw = new RawSchemas();
        presets.forEach(p -> assertThat(raw.has(p.split("\\.")[0], p.split("\\.")[1])).as("raw schema of " + p).isTrue());
        for (String webhook : List.of("email_events", "storefront_events")) {
            assertThat(raw.has("webhooks", webhook)).as("raw schema of webhooks." + webhook).isTrue();
        }
        assertThat(loaded).as("load entities").isEqualTo(curated);
        assertThat(curated).as("curated entities: one per raw entity, and prices per currency from the products")
                .hasSize(9).contains("product_prices", "email_events");
        CuratedSchemas schemas = new CuratedSchemas();
        curated.forEach(e -> assertThat(schemas.schema(e)).as("curated schema of " + e).isNotNull());
    }
}
