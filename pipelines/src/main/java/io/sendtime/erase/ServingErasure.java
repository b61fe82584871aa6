package io.sendtime.erase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import io.sendtime.config.SqlFiles;
import io.sendtime.lake.FileRewrite;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.model.PersonIds;
import io.sendtime.warehouse.SqlScript;

/**
 * One person out of the profiles snapshot the load publishes for sendtime serve ({@code serving/profiles/}): each
 * file the pointer names that holds a row of theirs (by customer key or email SHA-256) is rewritten copy-on-write
 * under its tagged name ({@link FileRewrite#tagged}), the pointer is rewritten (committed by rename) to name the
 * rewrites, and only then are the old files deleted; files the pointer does not name (the previous pointer's, kept
 * for a server still reading them, or a crashed load's) are rewritten in place, in-progress ones deleted. DuckDB (in
 * memory) rewrites the files, so a base of a million profiles never passes through the heap. A rerun after a crash
 * finds the old files unnamed and rewrites them in place.
 */
final class ServingErasure {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Files rewritten and rows removed. */
    record Result(long files, long rows) {}

    private final Lake lake;
    private final ProfileSnapshots snapshots;

    ServingErasure(Lake lake) {
        this.lake = lake;
        this.snapshots = new ProfileSnapshots(lake);
    }

    Result erase(PersonIds person, String tag) {
        if (!lake.isLocal() || !Files.isDirectory(snapshots.localDir())) {
            return new Result(0, 0);
        }
        Map<String, Object> ids = Map.of("keys", json(List.copyOf(person.of(PersonIds.Kind.CUSTOMER_KEY))),
                "shas", json(List.copyOf(person.of(PersonIds.Kind.EMAIL_SHA256))));
        long[] counts = new long[2];
        Jdbi.create("jdbc:duckdb:").useHandle(h -> {
            ProfileSnapshots.Pointer pointer = snapshots.current();
            List<String> named = pointer == null ? List.of() : pointer.files();
            if (pointer != null) {
                List<String> obsolete = new ArrayList<>();
                ProfileSnapshots.Part base = rewriteNamed(h, pointer.base(), tag, ids, counts, obsolete);
                List<ProfileSnapshots.Part> deltas = new ArrayList<>();
                for (ProfileSnapshots.Part delta : pointer.deltas()) {
                    deltas.add(rewriteNamed(h, delta, tag, ids, counts, obsolete));
                }
                if (!obsolete.isEmpty()) {
                    ProfileSnapshots.Pointer rewritten = new ProfileSnapshots.Pointer(pointer.loadId(), pointer.asOf(),
                            0, base, deltas);
                    snapshots.writePointer(new ProfileSnapshots.Pointer(pointer.loadId(), pointer.asOf(),
                            profiles(h, rewritten), base, deltas));
                    obsolete.forEach(f -> snapshots.delete(new org.apache.hadoop.fs.Path(snapshots.dir(), f)));
                }
            }
            for (org.apache.hadoop.fs.Path file : snapshots.files()) {
                String name = file.getName();
                if (name.endsWith(".inprogress")) {
                    snapshots.delete(file);
                } else if (name.endsWith(".parquet") && !named.contains(name)) {
                    java.nio.file.Path local = snapshots.localFile(name);
                    java.nio.file.Path scratch = local.resolveSibling(name + ".erasing");
                    long n = theirs(h, local, ids);
                    if (n > 0) {
                        rewrite(h, local, scratch, ids);
                        move(scratch, local);
                        counts[0]++;
                        counts[1] += n;
                    }
                }
            }
        });
        return new Result(counts[0], counts[1]);
    }

    private ProfileSnapshots.Part rewriteNamed(Handle h, ProfileSnapshots.Part part, String tag, Map<String, Object> ids,
                                               long[] counts, List<String> obsolete) {
        java.nio.file.Path local = snapshots.localFile(part.file());
        long n = Files.isRegularFile(local) ? theirs(h, local, ids) : 0;
        if (n == 0) {
            return part;
        }
        String renamed = FileRewrite.tagged(part.file(), tag);
        rewrite(h, local, snapshots.localFile(renamed), ids);
        counts[0]++;
        counts[1] += n;
        obsolete.add(part.file());
        return new ProfileSnapshots.Part(renamed, part.rows() - n);
    }

    /** How many profiles a chain holds (sql/load/serving/published.sql, as the load reads the chain). */
    private long profiles(Handle h, ProfileSnapshots.Pointer chain) {
        List<String> files = chain.files().stream().map(f -> snapshots.localFile(f).toString()).toList();
        SqlScript.load("load/serving/published.sql").run(h, Map.of(), Map.of("files", json(files)));
        return h.createQuery(SqlFiles.text("privacy/serving_profiles.sql")).mapTo(Long.class).one();
    }

    private static long theirs(Handle h, java.nio.file.Path file, Map<String, Object> ids) {
        person(h, file, ids);
        return h.createQuery(SqlFiles.text("privacy/serving_count.sql")).mapTo(Long.class).one();
    }

    private static void rewrite(Handle h, java.nio.file.Path from, java.nio.file.Path to, Map<String, Object> ids) {
        person(h, from, ids);
        SqlScript.load("privacy/serving_rewrite.sql").run(h, Map.of(), Map.of("target", to.toString()));
    }

    private static void person(Handle h, java.nio.file.Path file, Map<String, Object> ids) {
        Map<String, Object> parameters = new java.util.HashMap<>(ids);
        parameters.put("file", file.toString());
        SqlScript.load("privacy/serving_person.sql").run(h, Map.of(), parameters);
    }

    private static void move(java.nio.file.Path from, java.nio.file.Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + to + ": " + e.getMessage(), e);
        }
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
