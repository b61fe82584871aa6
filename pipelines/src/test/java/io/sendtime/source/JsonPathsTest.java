package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonPathsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void followsDottedPathsAndArrayIndexes() throws Exception {
        // given
        JsonNode body = json.readTree("""
                {"paging":{"next":{"after":"abc"}},"results":[{"id":1,"props":{"email":"a@x.io"}}],"empty":"","nil":null}""");

        // when / then
        assertThat(JsonPaths.at(body, "paging.next.after").asText()).isEqualTo("abc");
        assertThat(JsonPaths.at(body, "results").isArray()).isTrue();
        assertThat(JsonPaths.at(body, "results.0.props.email").asText()).isEqualTo("a@x.io");
        assertThat(JsonPaths.at(body, "").isObject()).as("empty path is the node itself").isTrue();
        assertThat(JsonPaths.at(body, "paging.previous.before").isMissingNode()).isTrue();
        assertThat(JsonPaths.at(body, "results.7.id").isMissingNode()).isTrue();
        assertThat(JsonPaths.at(null, "a").isMissingNode()).isTrue();
        assertThat(JsonPaths.text(body, "results.0.id")).contains("1");
        assertThat(JsonPaths.text(body, "empty")).isEmpty();
        assertThat(JsonPaths.text(body, "nil")).isEmpty();
        assertThat(JsonPaths.text(body, "paging")).as("objects are not text").isEmpty();
    }

    @Test
    void entityReadsIdAndCursorFromRecords() throws Exception {
        // given
        EntityDefinition entity = new EntityDefinition("/x", "items", "customer.id", "updated_at", null, null, Map.of(), null, null);

        // when / then
        assertThat(entity.idOf(json.readTree("{\"customer\":{\"id\":42}}"))).contains("42");
        assertThat(entity.cursorOf(json.readTree("{\"updated_at\":\"2026-10-01T06:00:00.456789-04:00\"}")))
                .contains(Instant.parse("2026-10-01T10:00:00.456789Z"));
        assertThat(entity.cursorOf(json.readTree("{\"updated_at\":1790000000123}")))
                .contains(Instant.ofEpochMilli(1790000000123L));
        assertThat(entity.cursorOf(json.readTree("{\"updated_at\":\"yesterday\"}"))).isEmpty();
        assertThat(entity.cursorOf(json.readTree("{}"))).isEmpty();
    }
}
