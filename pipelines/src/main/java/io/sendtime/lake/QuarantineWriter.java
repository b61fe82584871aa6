package io.sendtime.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes rejected records to the quarantine zone as JSON Lines, one object per record: the record as
 * received, the reason, the stage, source, entity and run. Committed atomically like data files.
 */
public final class QuarantineWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rejected record. {@code received} is the record exactly as the source sent it. */
    public record Rejected(String received, String reason) {}

    private final Lake lake;

    public QuarantineWriter(Lake lake) {
        this.lake = lake;
    }

    public void writeAtomically(Path target, String stage, String source, String entity, String runId,
                                Instant at, List<Rejected> rejected) {
        Path inProgress = Lake.inProgress(target);
        try (OutputStream out = lake.fileSystem().create(inProgress, true);
             JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            for (Rejected r : rejected) {
                json.writeStartObject();
                json.writeStringField("stage", stage);
                json.writeStringField("source", source);
                json.writeStringField("entity", entity);
                json.writeStringField("run_id", runId);
                json.writeStringField("quarantined_at", at.toString());
                json.writeStringField("reason", r.reason());
                json.writeStringField("received", r.received());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write quarantine file " + target + ": " + e.getMessage(), e);
        }
        lake.commit(inProgress, target);
    }
}
