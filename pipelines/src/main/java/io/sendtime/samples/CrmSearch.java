package io.sendtime.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The CRM search endpoint as HubSpot's CRM API v3 has it ({@code POST /crm/v3/objects/<object>/search}): a JSON
 * body with {@code filterGroups} on {@code lastmodifieddate} (GTE, GT, LT, LTE; epoch milliseconds or ISO-8601),
 * {@code sorts} by it ascending, {@code properties}, {@code limit} (at most 200) and {@code after}; an answer with
 * {@code total}, {@code results} (each with only the properties asked for, plus HubSpot's defaults) and
 * {@code paging.next.after}. Like HubSpot, a query pages through at most 10,000 results: asking past them is a
 * 400. The 4-requests-a-second limit is {@link SampleApis}' (it answers 429).
 */
final class CrmSearch {

    /** The most results one search query pages through. */
    static final int CAP = 10_000;
    static final int MAX_LIMIT = 200;
    private static final Set<String> CURSOR_PROPERTIES = Set.of("lastmodifieddate", "hs_lastmodifieddate");
    /** The properties HubSpot returns for contacts whatever is asked. */
    private static final Set<String> DEFAULT_PROPERTIES = Set.of("createdate", "hs_object_id", "lastmodifieddate");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final SampleStore store;

    CrmSearch(SampleStore store) {
        this.store = store;
    }

    /** The answer to one search request body. @throws IllegalArgumentException a 400's message */
    byte[] search(Entity entity, byte[] requestBody) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(requestBody);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid input JSON on line 1: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("Invalid input JSON: the body must be an object");
        }
        int limit = request.path("limit").asInt(10);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        checkSorts(request.path("sorts"));
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        JsonNode groups = request.path("filterGroups");
        if (groups.size() > 1) {
            throw new IllegalArgumentException("the sample search takes one filter group");
        }
        for (JsonNode filter : groups.path(0).path("filters")) {
            String property = filter.path("propertyName").asText();
            if (!CURSOR_PROPERTIES.contains(property)) {
                throw new IllegalArgumentException("the sample search filters only by lastmodifieddate, not '" + property + "'");
            }
            long micros = Timestamps.parse(filter.path("value").asText(), true);
            switch (filter.path("operator").asText()) {
                case "GTE" -> lo = Math.max(lo, micros);
                case "GT" -> lo = Math.max(lo, micros + 1_000);
                case "LT" -> hi = Math.min(hi, micros);
                case "LTE" -> hi = Math.min(hi, micros + 1_000);
                default -> throw new IllegalArgumentException("operator " + filter.path("operator").asText()
                        + " is not supported on " + property);
            }
        }
        Position at = request.hasNonNull("after") ? Position.decode(request.get("after").asText(), entity)
                : new Position(new PageToken(entity, null, lo, hi), 0);
        if (at.offset() >= CAP) {
            throw new IllegalArgumentException("Cannot page through more than " + CAP + " results of a search: "
                    + "narrow the filters");
        }
        Set<String> properties = new LinkedHashSet<>(DEFAULT_PROPERTIES);
        request.path("properties").forEach(p -> properties.add(p.asText()));

        ByteArrayOutputStream raw = new ByteArrayOutputStream(64 * 1024);
        Feed.PageResult page;
        try (JsonGenerator g = FACTORY.createGenerator(raw, JsonEncoding.UTF8)) {
            g.writeStartArray();
            page = store.feed(entity).page(at.token().lo(), at.token().hi(), at.token().last(), limit, g);
            g.writeEndArray();
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("total", store.feed(entity).count(at.token().lo(), at.token().hi()));
        ArrayNode results = answer.putArray("results");
        for (JsonNode record : JSON.readTree(raw.toByteArray())) {
            if (record instanceof ObjectNode object && object.get("properties") instanceof ObjectNode props) {
                props.retain(properties);
                props.put("hs_object_id", object.path("id").asText());
            }
            results.add(record);
        }
        if (page.more()) {
            String after = new Position(new PageToken(entity, page.last(), at.token().lo(), at.token().hi()),
                    at.offset() + page.served()).encode();
            answer.putObject("paging").putObject("next").put("after", after);
        }
        return JSON.writeValueAsBytes(answer);
    }

    private static void checkSorts(JsonNode sorts) {
        if (sorts.isMissingNode() || sorts.isEmpty()) {
            return;
        }
        JsonNode sort = sorts.get(0);
        String property = sort.isTextual() ? sort.asText() : sort.path("propertyName").asText();
        String direction = sort.isTextual() ? "ASCENDING" : sort.path("direction").asText("ASCENDING");
        if (sorts.size() > 1 || !CURSOR_PROPERTIES.contains(property) || !direction.equals("ASCENDING")) {
            throw new IllegalArgumentException("the sample search sorts only by lastmodifieddate ASCENDING");
        }
    }

    /** The {@code after} of a search: where the last page ended, and how many results the query has returned. */
    private record Position(PageToken token, int offset) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (offset + "\n" + token.encode()).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String after, Entity entity) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split("\n", 2);
                return new Position(PageToken.decode(parts[1], entity), Integer.parseInt(parts[0]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid after: " + after);
            }
        }
    }
}
