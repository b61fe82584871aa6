package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a capped entity's reading stands (the page token of {@link EntityDefinition#resultCap()}): the current
 * query's lower bound, the source's cursor within it and how many records it has returned, and the last cursor
 * value read with the ids read at that value (skipped when the next query starts from it). A plain string, so
 * it survives a restart like any page token.
 */
record CappedQuery(Instant from, String after, int seen, Instant last, Set<String> ties) {

    private static final String PREFIX = "capped1:";
    private static final ObjectMapper JSON = new ObjectMapper();

    static CappedQuery first(Instant from) {
        return new CappedQuery(from, null, 0, null, Set.of());
    }

    String encode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("from", from.toString());
        if (after != null) {
            node.put("after", after);
        }
        node.put("seen", seen);
        if (last != null) {
            node.put("last", last.toString());
        }
        ties.forEach(node.putArray("ties")::add);
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static CappedQuery decode(String token, String source, String entity) {
        try {
            if (!token.startsWith(PREFIX)) {
                throw new IllegalArgumentException("no prefix");
            }
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())));
            Set<String> ties = new LinkedHashSet<>();
            node.path("ties").forEach(id -> ties.add(id.asText()));
            return new CappedQuery(Instant.parse(node.get("from").asText()),
                    node.hasNonNull("after") ? node.get("after").asText() : null, node.path("seen").asInt(),
                    node.hasNonNull("last") ? Instant.parse(node.get("last").asText()) : null, ties);
        } catch (Exception e) {
            throw new SourceProtocolException("source '" + source + "': the page token of " + entity
                    + " was not issued for a capped query (result-cap); start the extract again");
        }
    }
}
