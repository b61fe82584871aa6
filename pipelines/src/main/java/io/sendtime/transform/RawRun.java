package io.sendtime.transform;

import java.util.Arrays;
import java.util.List;

/** One committed extract run of a source, written {@code <source>:<runId>} in job parameters. */
public record RawRun(String source, String runId) {

    @Override
    public String toString() {
        return source + ":" + runId;
    }

    static RawRun parse(String text) {
        int colon = text.indexOf(':');
        return new RawRun(text.substring(0, colon), text.substring(colon + 1));
    }

    static List<RawRun> parseAll(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(",")).map(RawRun::parse).toList();
    }
}
