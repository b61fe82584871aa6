package io.sendtime.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * How new the committed data of every source and entity is, from what the jobs record, never from the warehouse:
 * the extracts' high watermarks (the job repository), and for a source no extract reads (the webhooks
 * {@code sendtime serve} receives) the lake's run manifests, newest first. Listing the manifests also proves the
 * lake readable.
 */
final class DataAges {

    /** Manifests read per received source at each refresh: enough to find every entity of a busy source. */
    private static final int NEWEST_MANIFESTS = 20;

    private final NamedParameterJdbcTemplate jdbc;
    private final Lake lake;
    private final Map<String, DataAge> received = new HashMap<>();

    DataAges(NamedParameterJdbcTemplate jdbc, Lake lake) {
        this.jdbc = jdbc;
        this.lake = lake;
    }

    /** The extracted sources' ages, from the job repository. */
    List<DataAge> extracted() {
        return jdbc.query(SqlFiles.text("jobrepo/watermarks/all.sql"), Map.of(), (rs, n) -> new DataAge(
                rs.getString("source"), rs.getString("entity"), Instant.parse(rs.getString("high_watermark")), true));
    }

    /**
     * The ages of the sources in the lake that no extract reads, from their newest manifests (an entity absent from
     * them keeps what an earlier refresh found). A lake nothing has written yet has none.
     *
     * @throws UncheckedIOException when the lake cannot be listed or a manifest read
     */
    synchronized List<DataAge> received(Set<String> extractedSources) {
        for (String source : sources()) {
            if (extractedSources.contains(source)) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            RunManifests manifests = new RunManifests(lake);
            manifests.all(source, id -> ids.add(id) && false); // names only: nothing read yet
            ids.sort(Comparator.reverseOrder()); // run ids start with their time
            Set<String> newest = new HashSet<>(ids.subList(0, Math.min(NEWEST_MANIFESTS, ids.size())));
            for (RunManifest run : manifests.all(source, newest::contains)) {
                run.entities().forEach((entity, files) -> {
                    Instant at = run.isIngest() || files.to() == null ? run.committedAt() : files.to();
                    received.merge(source + "\u0000" + entity, new DataAge(source, entity, at, false),
                            (old, now) -> now.newest().isAfter(old.newest()) ? now : old);
                });
            }
        }
        return List.copyOf(received.values());
    }

    private List<String> sources() {
        Path dir = lake.path("raw/_manifests");
        try {
            FileSystem fs = lake.fileSystem();
            List<String> out = new ArrayList<>();
            if (fs.exists(dir)) {
                for (FileStatus status : fs.listStatus(dir)) {
                    if (status.isDirectory() && !status.getPath().getName().startsWith(".")) {
                        out.add(status.getPath().getName());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the lake's runs: " + e.getMessage(), e);
        }
    }
}
