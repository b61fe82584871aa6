package io.sendtime.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The exports for the email service, {@code exports/<campaign>/<send>/<render>/}: each render writes a new
 * directory, then {@link #publish} points the send's {@code _current.json} at it (written under an
 * in-progress name, committed by rename) and removes the send's older renders. A crash before the switch
 * leaves the previous complete render current. Housekeeping asks {@link #current} before removing a
 * render a crash left behind.
 */
public final class ExportPublisher {

    /** The pointer file of a send. */
    public static final String CURRENT = "_current.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file of a render describing it for {@code sendtime serve}: {@link SendInfo}. */
    public static final String SEND_INFO = "send.json";

    /**
     * What a render says about itself for {@code sendtime serve} ({@code <render>/send.json}, written with its
     * export): when it rendered from which profile snapshot, how long an email service may cache a token set, and the
     * campaign's fallback for each token (what a recipient the render does not know gets).
     */
    public record SendInfo(String campaign, String send, String render,
                           @JsonProperty("rendered_at") java.time.Instant renderedAt,
                           @JsonProperty("snapshot_version") long snapshotVersion,
                           @JsonProperty("cache_max_age_seconds") long cacheMaxAgeSeconds,
                           java.util.Map<String, String> fallbacks) {}

    /** What {@code _current.json} says: the current render and its files, relative to the send. */
    public record Current(String render, @JsonProperty("token_sets") String tokenSets, String recipients) {}

    private final Lake lake;

    public ExportPublisher(Lake lake) {
        this.lake = lake;
    }

    /** The directory of one send. */
    public Path sendDir(String campaignId, String sendId) {
        return lake.path("exports/" + campaignId + "/" + sendId);
    }

    /** The directory a render of a send writes into (on the local file system: DuckDB writes it). */
    public java.nio.file.Path renderDir(String campaignId, String sendId, String renderId) {
        return lake.localPath("exports/" + campaignId + "/" + sendId + "/" + renderId);
    }

    /** Makes {@code renderId} the send's current render, then removes the send's other renders. */
    public void publish(String campaignId, String sendId, String renderId) {
        Path send = sendDir(campaignId, sendId);
        Path pointer = new Path(send, CURRENT);
        Path inProgress = Lake.inProgress(pointer);
        FileSystem fs = lake.fileSystem();
        try {
            try (OutputStream out = fs.create(inProgress, true)) {
                JSON.writeValue(out, new Current(renderId, renderId + "/token_sets.parquet",
                        renderId + "/recipients.jsonl"));
            }
            lake.commit(inProgress, pointer);
            for (FileStatus render : fs.listStatus(send)) {
                if (render.isDirectory() && !render.getPath().getName().equals(renderId)) {
                    fs.delete(render.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the export in " + send + ": " + e.getMessage(), e);
        }
    }

    /** The send's current render, or null when it has no pointer yet. */
    public Current current(Path send) throws IOException {
        Path pointer = new Path(send, CURRENT);
        if (!lake.fileSystem().exists(pointer)) {
            return null;
        }
        try (InputStream in = lake.fileSystem().open(pointer)) {
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Current.class);
        }
    }

    /** Writes a render's {@link SendInfo} into its directory, before it is published. */
    public static void writeSendInfo(java.nio.file.Path renderDir, SendInfo info) {
        JsonFiles.writeLocal(renderDir.resolve(SEND_INFO), info);
    }

    /** The {@link SendInfo} of a send's render. */
    public SendInfo sendInfo(Path send, String render) {
        return JsonFiles.read(lake, new Path(new Path(send, render), SEND_INFO), SendInfo.class);
    }

    /** Every send directory under exports/ that has a pointer. */
    public List<Path> sends() throws IOException {
        FileSystem fs = lake.fileSystem();
        Path exports = lake.path("exports");
        List<Path> sends = new ArrayList<>();
        if (!fs.exists(exports)) {
            return sends;
        }
        for (FileStatus campaign : fs.listStatus(exports)) {
            if (!campaign.isDirectory()) {
                continue;
            }
            for (FileStatus send : fs.listStatus(campaign.getPath())) {
                if (send.isDirectory() && fs.exists(new Path(send.getPath(), CURRENT))) {
                    sends.add(send.getPath());
                }
            }
        }
        return sends;
    }
}
