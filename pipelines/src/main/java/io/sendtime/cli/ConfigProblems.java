package io.sendtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;

import io.sendtime.config.ConfigDirectory;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.source.EntityDefinition;
import io.sendtime.source.SourceCatalog;
import io.sendtime.source.SourceDefinition;
import io.sendtime.transform.CategoryTaxonomy;
import io.sendtime.transform.TransformJobConfiguration;
import io.sendtime.transform.TransformSettings;

/**
 * What {@code config validate} finds wrong, one sentence each naming the key or the file to fix: every source's
 * settings, a raw schema for every entity that parses, the fields those schemas read that a search does not ask
 * for or a GraphQL query does not select, the transform's inputs, and the category taxonomy.
 */
final class ConfigProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> problems = new ArrayList<>();
    private RawSchemas schemas = new RawSchemas();
    private final List<String> checked = new ArrayList<>();

    static ConfigProblems of(SourceCatalog catalog, RawSchemas schemas, TransformSettings transform) {
        return of(catalog, schemas, transform, null, Map.of());
    }

    /**
     * @param stockSource    {@code sendtime.render.stock-source}: must be a configured source with products
     * @param consentRefresh {@code sendtime.consent.refresh}: each must be a configured source's entity
     */
    static ConfigProblems of(SourceCatalog catalog, RawSchemas schemas, TransformSettings transform, String stockSource,
                             Map<String, List<String>> consentRefresh) {
        ConfigProblems found = new ConfigProblems();
        found.schemas = schemas;
        found.problems.addAll(catalog.problems());
        found.inputs(catalog, transform);
        if (stockSource != null && !found.configured(catalog, stockSource, "products")) {
            found.problems.add("sendtime.render.stock-source: '" + stockSource + "' is no configured source with a "
                    + "products entity (sources: " + names(catalog) + ")");
        }
        consentRefresh.forEach((source, entities) -> entities.forEach(entity -> {
            if (!found.configured(catalog, source, entity)) {
                found.problems.add("sendtime.consent.refresh." + source + ": '" + entity + "' is no entity of a configured"
                        + " source " + source + " (sources: " + names(catalog) + ")");
            }
        }));
        for (SourceDefinition source : catalog.definitions()) {
            source.entities().forEach((entity, definition) -> found.entity(schemas, source, entity, definition));
            found.checked.add(source.name() + " (" + source.entities().size() + " entities)");
        }
        try {
            CategoryTaxonomy.load();
        } catch (RuntimeException e) {
            found.problems.add(e.getMessage());
        }
        return found;
    }

    private static String names(SourceCatalog catalog) {
        return String.join(", ", new java.util.TreeSet<>(catalog.names()));
    }

    private boolean configured(SourceCatalog catalog, String source, String entity) {
        return catalog.definitions().stream().anyMatch(s -> s.name().equals(source) && s.entities().containsKey(entity));
    }

    /**
     * An entity no extract reads but {@code sendtime serve} receives and commits as raw runs (webhooks.storefront_events):
     * its source is configured nowhere, its raw schema is in the registry.
     */
    private boolean received(SourceCatalog catalog, String source, String entity) {
        return !catalog.names().contains(source) && schemas.has(source, entity);
    }

    /** Each configured transform input names a curated entity and a configured source's entity, or a received one. */
    private void inputs(SourceCatalog catalog, TransformSettings transform) {
        try {
            transform.checkInputs(TransformJobConfiguration.curatedEntities());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        transform.inputs().forEach((curated, inputs) -> inputs.forEach(input -> {
            String source = input.substring(0, input.indexOf('.'));
            String entity = input.substring(input.indexOf('.') + 1);
            if (!configured(catalog, source, entity) && !received(catalog, source, entity)) {
                problems.add("sendtime.transform.inputs." + curated + ": '" + input + "' is no configured source's entity"
                        + " (sources: " + names(catalog) + ")");
            }
        }));
    }

    private void entity(RawSchemas schemas, SourceDefinition source, String entity, EntityDefinition definition) {
        Schema schema;
        try {
            schema = schemas.schema(source.name(), entity);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        if (definition.isGraphql()) {
            graphqlSelection(schema, source, entity, definition);
            return;
        }
        if (!definition.hasBody()) {
            return;
        }
        // a search answers only the properties it asks for: a field the schema reads from one not asked for
        // would stay empty for ever
        JsonNode asked;
        try {
            asked = JSON.readTree(definition.body()).path("properties");
        } catch (java.io.IOException e) {
            return; // the body's own problem is reported with the source's
        }
        if (!asked.isArray()) {
            return;
        }
        Set<String> properties = new HashSet<>();
        asked.forEach(p -> properties.add(p.asText()));
        for (Schema.Field field : schema.getFields()) {
            Object path = field.getObjectProp(RawSchemas.PATH_PROPERTY);
            if (path instanceof String p && p.startsWith("properties.") && !properties.contains(p.substring(11))) {
                problems.add(ConfigDirectory.where(schemas.resource(source.name(), entity))
                        + ": field '" + field.name() + "' reads " + p + ", which sendtime.sources." + source.name()
                        + ".entities." + entity + ".body does not ask for: add \"" + p.substring(11)
                        + "\" to its properties");
            }
        }
    }

    /**
     * A GraphQL answer holds only the fields the query selects: a field the raw schema reads from one the query
     * does not select would stay empty for ever.
     */
    private void graphqlSelection(Schema schema, SourceDefinition source, String entity, EntityDefinition definition) {
        Set<String> selected = new HashSet<>();
        try {
            graphql.language.Document document = graphql.parser.Parser.parse(definition.query());
            String[] recordsPath = definition.records().split("\\.");
            Map<String, graphql.language.FragmentDefinition> fragments = new java.util.HashMap<>();
            document.getDefinitionsOfType(graphql.language.FragmentDefinition.class)
                    .forEach(f -> fragments.put(f.getName(), f));
            for (var operation : document.getDefinitionsOfType(graphql.language.OperationDefinition.class)) {
                graphql.language.SelectionSet set = operation.getSelectionSet();
                // data.customers.nodes: "data" is the answer's envelope, the rest names selected fields
                for (int i = 1; i < recordsPath.length && set != null; i++) {
                    graphql.language.Field field = fieldNamed(set, recordsPath[i]);
                    set = field == null ? null : field.getSelectionSet();
                }
                collect(set, "", selected, fragments);
            }
        } catch (graphql.parser.InvalidSyntaxException e) {
            problems.add("sendtime.sources." + source.name() + ".entities." + entity + ".query does not parse: "
                    + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        unselected(schema, "", "", selected, source, entity);
    }

    /** The fields of a record schema (and of the records in its arrays) that read what the query does not select. */
    private void unselected(Schema schema, String fieldPrefix, String pathPrefix, Set<String> selected,
                            SourceDefinition source, String entity) {
        for (Schema.Field field : schema.getFields()) {
            if (field.name().startsWith("_") || RecordConverter.isSourceId(field)) {
                continue;
            }
            List<String> paths = field.getObjectProp(RecordConverter.PATHS_PROPERTY) instanceof List<?> gathered
                    ? gathered.stream().map(Object::toString).toList()
                    : List.of(field.getObjectProp(RawSchemas.PATH_PROPERTY) instanceof String text ? text : field.name());
            for (String p : paths) {
                if (!selected.contains(pathPrefix + p)) {
                    problems.add(ConfigDirectory.where(schemas.resource(source.name(), entity))
                            + ": field '" + fieldPrefix + field.name() + "' reads " + pathPrefix + p + ", which sendtime.sources."
                            + source.name() + ".entities." + entity + ".query does not select");
                    continue;
                }
                Schema items = arrayItems(field.schema());
                if (items != null) {
                    unselected(items, fieldPrefix + field.name() + "[].", pathPrefix + p + ".", selected, source, entity);
                }
            }
        }
    }

    private static Schema arrayItems(Schema schema) {
        for (Schema s : schema.getType() == Schema.Type.UNION ? schema.getTypes() : List.of(schema)) {
            if (s.getType() == Schema.Type.ARRAY && s.getElementType().getType() == Schema.Type.RECORD) {
                return s.getElementType();
            }
        }
        return null;
    }

    private static graphql.language.Field fieldNamed(graphql.language.SelectionSet set, String responseKey) {
        return set.getSelectionsOfType(graphql.language.Field.class).stream()
                .filter(f -> responseKey.equals(f.getAlias() != null ? f.getAlias() : f.getName()))
                .findFirst().orElse(null);
    }

    /**
     * Every selected path under a selection set, dotted by response key ({@code defaultEmailAddress.emailAddress}),
     * fragments included where they are spread.
     */
    private static void collect(graphql.language.SelectionSet set, String prefix, Set<String> into,
                                Map<String, graphql.language.FragmentDefinition> fragments) {
        if (set == null) {
            return;
        }
        for (graphql.language.FragmentSpread spread : set.getSelectionsOfType(graphql.language.FragmentSpread.class)) {
            graphql.language.FragmentDefinition fragment = fragments.remove(spread.getName()); // (no cycles)
            if (fragment != null) {
                collect(fragment.getSelectionSet(), prefix, into, fragments);
                fragments.put(spread.getName(), fragment);
            }
        }
        for (graphql.language.InlineFragment inline : set.getSelectionsOfType(graphql.language.InlineFragment.class)) {
            collect(inline.getSelectionSet(), prefix, into, fragments);
        }
        for (graphql.language.Field field : set.getSelectionsOfType(graphql.language.Field.class)) {
            String path = prefix + (field.getAlias() != null ? field.getAlias() : field.getName());
            into.add(path);
            collect(field.getSelectionSet(), path + ".", into, fragments);
        }
    }

    List<String> problems() {
        return problems;
    }

    /** The sources checked, e.g. {@code crm (2 entities)}. */
    List<String> checked() {
        return checked;
    }
}
