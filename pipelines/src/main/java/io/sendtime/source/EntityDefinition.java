package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sendtime.sources.<source>.entities.<entity>}: one endpoint of a source. Map keys that are not
 * plain lowercase words (e.g. {@code storefront_events}) must be written in brackets in YAML,
 * {@code "[storefront_events]"}, or Spring drops the underscore.
 *
 * @param path           endpoint path below base-url, e.g. {@code /crm/v3/objects/contacts}
 * @param records        dotted path of the record array in the body, e.g. {@code results}; empty = the body is the array
 * @param idField        dotted path of the record's id, e.g. {@code id}
 * @param cursorField    dotted path of the record's change timestamp, e.g. {@code updatedAt}
 * @param cursorMinParam query param for the inclusive lower bound, e.g. {@code lastmodifieddate_gte}; optional
 * @param cursorMaxParam query param for the upper bound, e.g. {@code lastmodifieddate_lt}; optional
 * @param params         fixed extra query params sent with the first page
 * @param pageSize       overrides the source's page size; optional
 * @param lookback       overrides the source's lookback; optional
 * @param headers        fixed extra request headers, e.g. Shopify's {@code X-Shopify-Api-Features:
 *                       include-presentment-prices} (write the name in brackets in YAML to keep its dashes and case);
 *                       never credentials: those belong in {@code auth}
 * @param method         {@code GET} (default) or {@code POST}
 * @param body           a POST's JSON body with placeholders ({@link BodyTemplate}), e.g. a HubSpot CRM search;
 *                       the page cursor then goes into the body ({@code ${cursor}}), not the query
 * @param resultCap      the most records one query may page through (HubSpot's search: 10,000); before a query
 *                       would pass it, the next page starts a new query from the last cursor value read, skipping
 *                       the records of that value already read. Needs the source to list records by the cursor
 *                       ascending; optional
 * @param query          a GraphQL source's query document; the request is then a POST of {@code {"query": ...,
 *                       "variables": ...}}
 * @param variables      the GraphQL query's variables, a JSON template like {@code body}
 * @param pagination     this entity's paging when it differs from the source's (HubSpot's subscriptions timeline
 *                       pages by {@code offset} and {@code hasMore}, its CRM search by {@code paging.next.after});
 *                       optional
 * @param explode        a field of each listed item holding an array: each of its elements is one record, with the
 *                       item's other fields under {@code item} (HubSpot's timeline lists per recipient the
 *                       {@code changes} of one event); optional
 * @param cursorFormat   how the window's bounds go into {@code cursor-min-param}/{@code cursor-max-param}:
 *                       {@code iso} (default, ISO-8601 UTC with every fractional digit) or {@code epoch-millis}
 *                       (lower bound rounded down, upper up)
 * @param slices         the window read as this many time slices at once (default 1): each slice is its own
 *                       partition of the extract, with its own requests, checkpoint and raw files, so that more than
 *                       one request of a large entity is in flight (docs/sources.md, "Time slices"). Needs the
 *                       requests to carry both bounds of the window ({@code cursor-max-param}, or {@code ${to}} in
 *                       the body); optional
 */
public record EntityDefinition(
        String path,
        String records,
        String idField,
        String cursorField,
        String cursorMinParam,
        String cursorMaxParam,
        Map<String, String> params,
        Integer pageSize,
        Duration lookback,
        Map<String, String> headers,
        String method,
        String body,
        Integer resultCap,
        String query,
        String variables,
        PaginationDefinition pagination,
        String explode,
        String cursorFormat,
        Integer slices) {

    /** Headers the client sets itself or that carry credentials: not to be configured per entity. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("authorization", "accept", "user-agent",
            "host", "content-length", "cookie", "proxy-authorization");

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public EntityDefinition {
        records = records == null ? "" : records;
        params = params == null ? Map.of() : Map.copyOf(params);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        explode = explode == null || explode.isBlank() ? null : explode.trim();
        slices = slices == null ? 1 : slices;
        cursorFormat = cursorFormat == null || cursorFormat.isBlank() ? "iso"
                : cursorFormat.trim().toLowerCase(java.util.Locale.ROOT);
        if (!cursorFormat.equals("iso") && !cursorFormat.equals("epoch-millis")) {
            throw new SourceConfigException("entity " + path + ": cursor-format is iso or epoch-millis, not '"
                    + cursorFormat + "'");
        }
        boolean graphql = query != null && !query.isBlank();
        method = graphql ? "POST" : method == null || method.isBlank() ? "GET"
                : method.trim().toUpperCase(java.util.Locale.ROOT);
        for (String name : headers.keySet()) {
            if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT)) || !name.matches("[A-Za-z0-9-]+")) {
                throw new SourceConfigException("entity " + path + ": header '" + name + "' cannot be set per entity"
                        + " (credentials belong in auth; a header name is letters, digits and dashes)");
            }
        }
    }

    public EntityDefinition(String path, String records, String idField, String cursorField, String cursorMinParam,
                            String cursorMaxParam, Map<String, String> params, Integer pageSize, Duration lookback) {
        this(path, records, idField, cursorField, cursorMinParam, cursorMaxParam, params, pageSize, lookback, Map.of(),
                null, null, null, null, null);
    }

    public EntityDefinition(String path, String records, String idField, String cursorField, String cursorMinParam,
                            String cursorMaxParam, Map<String, String> params, Integer pageSize, Duration lookback,
                            Map<String, String> headers, String method, String body, Integer resultCap) {
        this(path, records, idField, cursorField, cursorMinParam, cursorMaxParam, params, pageSize, lookback, headers,
                method, body, resultCap, null, null);
    }

    public EntityDefinition(String path, String records, String idField, String cursorField, String cursorMinParam,
                            String cursorMaxParam, Map<String, String> params, Integer pageSize, Duration lookback,
                            Map<String, String> headers, String method, String body, Integer resultCap, String query,
                            String variables) {
        this(path, records, idField, cursorField, cursorMinParam, cursorMaxParam, params, pageSize, lookback, headers,
                method, body, resultCap, query, variables, null, null, null, null);
    }

    /** The same endpoint, asked with a JSON body ({@code POST}) and at most {@code resultCap} records a query. */
    public EntityDefinition withBody(String newBody, Integer newResultCap) {
        return new EntityDefinition(path, records, idField, cursorField, cursorMinParam, cursorMaxParam, params,
                pageSize, lookback, headers, "POST", newBody, newResultCap, query, variables, pagination, explode,
                cursorFormat, slices);
    }

    /**
     * Whether every request carries the window's upper bound (a {@code cursor-max-param}, or {@code ${to}} in the
     * body): what reading the window in time slices needs, each slice asking only for its own part.
     */
    public boolean sendsUpperBound(String where) {
        if (cursorMaxParam != null && !cursorMaxParam.isBlank()) {
            return true;
        }
        if (!hasBody()) {
            return false;
        }
        BodyTemplate template = bodyTemplate(where);
        return template.uses("to") || template.uses("to.millis") || template.uses("to.seconds");
    }

    /** Whether requests carry a JSON body (a body template or a GraphQL query). */
    public boolean hasBody() {
        return (body != null && !body.isBlank()) || isGraphql();
    }

    /** Whether the entity is read with a GraphQL query. */
    public boolean isGraphql() {
        return query != null && !query.isBlank();
    }

    /**
     * The request body template: {@code body}, or for a GraphQL query {@code {"query": <query>, "variables":
     * <variables>}}.
     *
     * @param where the configuration key, for errors
     * @throws SourceConfigException when the template does not parse
     */
    public BodyTemplate bodyTemplate(String where) {
        if (!isGraphql()) {
            return BodyTemplate.parse(body, where + ".body");
        }
        BodyTemplate variablesTemplate = BodyTemplate.parse(variables == null || variables.isBlank() ? "{}" : variables,
                where + ".variables");
        return BodyTemplate.graphql(query, variablesTemplate);
    }

    /**
     * The record's id as text, empty when the id field is absent or null. A record with no id of its own (a change
     * in HubSpot's subscriptions timeline) is named by several fields, {@code id-field: "causedByEvent.id,
     * changeType, subscriptionId, item.recipient"}: its id is then the SHA-256 of their values (hex), so an id
     * made of an address names no one where ids are kept (the extract's lookback band); empty when all are absent.
     */
    public Optional<String> idOf(JsonNode record) {
        if (idField == null || idField.indexOf(',') < 0) {
            return JsonPaths.text(record, idField);
        }
        StringBuilder parts = new StringBuilder();
        boolean any = false;
        for (String field : idField.split(",")) {
            Optional<String> part = JsonPaths.text(record, field.trim());
            any |= part.isPresent();
            parts.append(part.orElse("")).append('\u001f');
        }
        return any ? Optional.of(io.sendtime.model.Emails.sha256(parts.toString())) : Optional.empty();
    }

    /** Whether an entity's window bounds go into query params as epoch milliseconds. */
    public boolean cursorInEpochMillis() {
        return "epoch-millis".equals(cursorFormat);
    }

    /**
     * The record's change timestamp: ISO-8601 with an offset ({@code 2026-10-01T10:00:00.456789Z},
     * {@code 2026-10-01T06:00:00-04:00}) or epoch milliseconds. Empty when absent or unparseable, so the
     * caller can quarantine the record.
     */
    public Optional<Instant> cursorOf(JsonNode record) {
        JsonNode value = JsonPaths.at(record, cursorField);
        if (value.isIntegralNumber()) {
            return Optional.of(Instant.ofEpochMilli(value.asLong()));
        }
        return JsonPaths.textOf(value).flatMap(EntityDefinition::parseInstant);
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(IsoInstants.parse(text));
        } catch (DateTimeParseException notOffsetDateTime) {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
            } catch (NumberFormatException notEpochMillis) {
                return Optional.empty();
            }
        }
    }
}
