package io.sendtime.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendtime.config.ErrorMessages;

/**
 * The sample recipients of {@code templates/samples/recipients.json} (a complete one, a sparse one, one
 * with hostile values) as template contexts: what {@code templates validate} renders every campaign with.
 */
public final class SampleRecipients {

    private SampleRecipients() {
    }

    public static List<Map<String, Object>> read(Path templates) {
        Path file = templates.resolve("samples").resolve("recipients.json");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<Map<String, Object>> raw = new ObjectMapper().readValue(Files.readString(file), new TypeReference<>() {});
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> r : raw) {
                Map<String, Object> recipient = new HashMap<>(r);
                r.forEach((k, v) -> {
                    if (k.endsWith("_at") && v instanceof String s) {
                        recipient.put(k, Instant.parse(s));
                    } else if (v instanceof Integer i) {
                        recipient.put(k, i.longValue());
                    }
                });
                out.add(recipient);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(file + ": " + ErrorMessages.message(e), e);
        }
    }
}
