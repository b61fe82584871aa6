package io.sendtime.ingest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A webhook request's body: a non-empty JSON array of at most so many events, or the one-line reason it is not. */
final class EventArrays {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The array, or (array null) what is wrong with the body. */
    record Read(JsonNode array, String problem) {}

    private EventArrays() {
    }

    static Read read(byte[] body, int maxEvents) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Read(null, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Read(null, "the body cannot be read");
        }
        if (root == null || !root.isArray()) {
            return new Read(null, "the body must be a JSON array of events");
        }
        if (root.isEmpty()) {
            return new Read(null, "the array holds no event");
        }
        if (root.size() > maxEvents) {
            return new Read(null, "the array holds " + root.size() + " events: at most " + maxEvents + " a request");
        }
        return new Read(root, null);
    }
}
