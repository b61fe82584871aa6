package io.sendtime.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import io.sendtime.model.PersonIds;
import io.sendtime.source.JsonPaths;

/**
 * One person out of every file of the lake: the raw and curated zones, quarantine and the exports.
 *
 * <p>Files a manifest lists are rewritten copy-on-write: the kept records go to a new file named after the old
 * one and the erasure's tag ({@link FileRewrite#tagged}), the manifest is rewritten atomically to list it, and
 * only then is the old file deleted, so a reader sees either the old files or the new ones, never a mix. A
 * rerun after a crash finds what is left: a manifest still listing an old file rewrites it again (the new
 * name is the same), an old file whose manifest already lists its rewrite is deleted. Files no manifest
 * lists (an unfinished run's, an export) are rewritten in place; half-written {@code .inprogress} files are
 * deleted. Callers exclude the jobs that write the lake while this runs.
 */
public final class LakeErasure {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per zone ({@code raw}, {@code curated}, {@code quarantine}, {@code exports}): files rewritten and records removed. */
    public record Result(Map<String, Long> files, Map<String, Long> records) {}

    private final Lake lake;
    private final FileSystem fs;
    private final RawSchemas rawSchemas;
    private final CuratedSchemas curatedSchemas;
    private final FileRewrite rewrite;
    private java.util.function.Consumer<String> progress = step -> { };

    public LakeErasure(Lake lake, RawSchemas rawSchemas, CuratedSchemas curatedSchemas) {
        this.lake = lake;
        this.fs = lake.fileSystem();
        this.rawSchemas = rawSchemas;
        this.curatedSchemas = curatedSchemas;
        this.rewrite = new FileRewrite(lake);
    }

    /**
     * Adds what the person's own identity records hold (a contact's or customer's older addresses, their ids,
     * their customer key), read from the entities whose schema says they are identity records
     * ({@code "sendtime.identity": true}), until nothing new turns up.
     */
    public void expand(PersonIds person) {
        for (int round = 0; round < 3; round++) {
            int before = person.qualified().size();
            for (Located file : manifestFiles()) {
                if (file.fields != null && file.identity && exists(file.path)) {
                    new ParquetFiles(lake).read(file.path, null, r -> {
                        if (file.fields.matches(r, person)) {
                            file.fields.fields().forEach((name, kind) -> {
                                if (r.getSchema().getField(name) != null) {
                                    person.add(kind, r.get(name));
                                }
                            });
                        }
                    });
                }
            }
            if (person.qualified().size() == before) {
                return;
            }
        }
    }

    /** One record of the person's, where it is: zone, lake-relative file, and the record as JSON. */
    public record Found(String zone, String file, JsonNode record) {}

    /** Every record of the person's in the lake, read-only (right of access: {@code privacy export}). */
    public List<Found> find(PersonIds person) {
        List<Found> out = new ArrayList<>();
        for (Located file : manifestFiles()) {
            if (file.fields != null && !file.fields.isEmpty() && exists(file.path)) {
                new ParquetFiles(lake).read(file.path, null, r -> {
                    if (file.fields.matches(r, person)) {
                        out.add(new Found(lake.relative(file.path).split("/")[0], lake.relative(file.path),
                                parse(org.apache.avro.generic.GenericData.get().toString(r))));
                    }
                });
            }
        }
        Predicate<String> quarantined = quarantineLine(person);
        for (Path file : files(lake.path("quarantine"))) {
            if (file.getName().endsWith(".jsonl")) {
                for (String line : rewrite.lines(file)) {
                    if (quarantined.test(line)) {
                        out.add(new Found("quarantine", lake.relative(file), parse(line)));
                    }
                }
            }
        }
        for (Path file : files(lake.path("exports"))) {
            if (file.getName().endsWith(".jsonl")) {
                for (String line : rewrite.lines(file)) {
                    JsonNode json = parse(line);
                    if (json != null && exported(json, person)) {
                        out.add(new Found("exports", lake.relative(file), json));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Removes the person's records from every lake file; {@code tag} names the rewrites (8 hex digits).
     * {@code progress} hears {@code lake: rewritten} when a manifest's rewrites are written but not yet listed,
     * and {@code lake: listed} when the manifest lists them but the old files are not yet deleted.
     */
    public Result erase(PersonIds person, String tag, java.util.function.Consumer<String> progress) {
        this.progress = progress;
        Map<String, Long> files = new LinkedHashMap<>();
        Map<String, Long> records = new LinkedHashMap<>();
        for (String zone : List.of("raw", "curated", "quarantine", "exports")) {
            files.put(zone, 0L);
            records.put(zone, 0L);
        }
        Counter count = (zone, removed) -> {
            files.merge(zone, 1L, Long::sum);
            records.merge(zone, removed, Long::sum);
        };
        raw(person, tag, count);
        curated(person, tag, count);
        unlisted(person, count);
        exports(person, count);
        return new Result(files, records);
    }

    private interface Counter {
        void add(String zone, long removed);
    }

    // ---------------------------------------------------------------------------------------------
    // the zones a manifest lists

    private void raw(PersonIds person, String tag, Counter count) {
        RunManifests manifests = new RunManifests(lake);
        for (String source : children(lake.path("raw/_manifests"))) {
            for (RunManifest m : manifests.all(source)) {
                Map<String, RunManifest.EntityFiles> entities = new LinkedHashMap<>();
                List<Path> obsolete = new ArrayList<>();
                boolean changed = false;
                for (var e : m.entities().entrySet()) {
                    PersonFields fields = rawFields(source, e.getKey());
                    RunManifest.EntityFiles ef = e.getValue();
                    Rewritten data = rewriteListed(ef.files(), tag, parquetMatch(fields, person), "raw", count, obsolete);
                    Rewritten quarantined = rewriteListed(nullToEmpty(ef.quarantineFiles()), tag,
                            quarantineMatch(person), "quarantine", count, obsolete);
                    changed |= data.changed || quarantined.changed;
                    entities.put(e.getKey(), new RunManifest.EntityFiles(ef.from(), ef.to(), data.files,
                            Math.max(0, ef.records() - data.removed), Math.max(0, ef.quarantined() - quarantined.removed),
                            quarantined.files));
                }
                if (changed) {
                    progress.accept("lake: rewritten");
                    manifests.write(new RunManifest(m.runId(), m.stage(), m.source(), m.committedAt(), entities));
                    progress.accept("lake: listed");
                }
                obsolete.forEach(this::delete);
            }
        }
    }

    private void curated(PersonIds person, String tag, Counter count) {
        CuratedManifests manifests = new CuratedManifests(lake);
        for (CuratedManifest m : manifests.all()) {
            Map<String, CuratedManifest.EntityFiles> entities = new LinkedHashMap<>();
            List<Path> obsolete = new ArrayList<>();
            boolean changed = false;
            for (var e : m.entities().entrySet()) {
                PersonFields fields = curatedFields(e.getKey());
                CuratedManifest.EntityFiles ef = e.getValue();
                Rewritten data = rewriteListed(ef.files(), tag, parquetMatch(fields, person), "curated", count, obsolete);
                Rewritten quarantined = rewriteListed(nullToEmpty(ef.quarantineFiles()), tag, quarantineMatch(person),
                        "quarantine", count, obsolete);
                changed |= data.changed || quarantined.changed;
                entities.put(e.getKey(), new CuratedManifest.EntityFiles(ef.key(), data.files,
                        Math.max(0, ef.records() - data.removed), ef.read(), ef.superseded(),
                        Math.max(0, ef.quarantined() - quarantined.removed), quarantined.files, ef.counts()));
            }
            if (changed) {
                manifests.write(new CuratedManifest(m.transformRunId(), m.committedAt(), m.consumed(), entities,
                        m.replaces()));
            }
            obsolete.forEach(this::delete);
        }
    }

    private record Rewritten(List<String> files, long removed, boolean changed) {}

    /**
     * The listed files, each the person's rewritten under its tagged name; the files replaced go to
     * {@code obsolete}, deleted once the manifest lists the rewrites.
     */
    private Rewritten rewriteListed(List<String> listed, String tag, FileMatch match, String zone, Counter count,
                                    List<Path> obsolete) {
        List<String> out = new ArrayList<>();
        long removed = 0;
        boolean changed = false;
        for (String file : listed) {
            String previous = FileRewrite.untagged(file, tag);
            if (previous != null) {
                obsolete.add(lake.path(previous)); // a rerun: the manifest already lists this rewrite
            }
            Path path = lake.path(file);
            String renamed = FileRewrite.tagged(file, tag);
            long n = match != null && exists(path) ? match.rewrite(path, lake.path(renamed)) : 0;
            if (n > 0) {
                count.add(zone, n);
                removed += n;
                out.add(renamed);
                obsolete.add(path);
                changed = true;
            } else {
                out.add(file);
            }
        }
        return new Rewritten(out, removed, changed);
    }

    // ---------------------------------------------------------------------------------------------
    // files no manifest lists, and the exports

    /** Raw, curated and quarantine files no manifest lists: rewritten in place; in-progress files deleted. */
    private void unlisted(PersonIds person, Counter count) {
        Set<String> listed = new HashSet<>();
        for (String source : children(lake.path("raw/_manifests"))) {
            for (RunManifest m : new RunManifests(lake).all(source)) {
                m.entities().values().forEach(ef -> {
                    listed.addAll(ef.files());
                    listed.addAll(nullToEmpty(ef.quarantineFiles()));
                });
            }
        }
        for (CuratedManifest m : new CuratedManifests(lake).all()) {
            m.entities().values().forEach(ef -> {
                listed.addAll(ef.files());
                listed.addAll(nullToEmpty(ef.quarantineFiles()));
            });
        }
        for (String zone : List.of("raw", "curated", "quarantine")) {
            for (Path file : files(lake.path(zone))) {
                String relative = lake.relative(file);
                String name = file.getName();
                if (relative.contains("/_manifests/")) {
                    continue;
                }
                if (name.endsWith(".inprogress")) {
                    delete(file);
                    continue;
                }
                if (listed.contains(relative)) {
                    continue;
                }
                FileMatch match = name.endsWith(".jsonl") ? quarantineMatch(person)
                        : name.endsWith(".parquet") ? parquetMatch(fieldsOf(relative), person) : null;
                long n = match == null ? 0 : match.rewrite(file, file);
                if (n > 0) {
                    count.add(zone, n);
                }
            }
        }
    }

    /** Every render of every send: token_sets.parquet and recipients.jsonl, rewritten in place. */
    private void exports(PersonIds person, Counter count) {
        Predicate<GenericRecord> record = r -> person.matches(PersonIds.Kind.CUSTOMER_KEY, field(r, "customer_key"))
                || person.matches(PersonIds.Kind.EMAIL, field(r, "email"));
        FileMatch parquet = parquet(record);
        FileMatch lines = lineMatch(line -> {
            JsonNode json = parse(line);
            return json != null && exported(json, person) || containsEmail(line, person);
        });
        for (Path file : files(lake.path("exports"))) {
            String name = file.getName();
            FileMatch match = name.endsWith(".parquet") ? parquet : name.endsWith(".jsonl") ? lines : null;
            if (name.endsWith(".inprogress")) {
                delete(file);
            } else if (match != null) {
                long n = match.rewrite(file, file);
                if (n > 0) {
                    count.add("exports", n);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // matching

    /** How a file is rewritten without the person's records: how many it left out (none: nothing written). */
    private interface FileMatch {
        long rewrite(Path from, Path to);
    }

    private FileMatch parquetMatch(PersonFields fields, PersonIds person) {
        return fields == null || fields.isEmpty() ? null : parquet(r -> fields.matches(r, person));
    }

    private FileMatch parquet(Predicate<GenericRecord> match) {
        return (from, to) -> rewrite.parquet(from, to, match);
    }

    private FileMatch lineMatch(Predicate<String> match) {
        return (from, to) -> rewrite.lines(from, to, match);
    }

    private FileMatch quarantineMatch(PersonIds person) {
        return lineMatch(quarantineLine(person));
    }

    /**
     * A quarantined record is the person's when a field its raw schema marks holds one of their identifiers
     * (read where the source puts it, or under the field's name for a record the transform quarantined), or
     * when the line holds one of their addresses anywhere.
     */
    private Predicate<String> quarantineLine(PersonIds person) {
        return line -> {
            if (containsEmail(line, person)) {
                return true;
            }
            JsonNode entry = parse(line);
            if (entry == null) {
                return false;
            }
            PersonFields fields = rawFields(entry.path("source").asText(""), entry.path("entity").asText(""));
            JsonNode received = parse(entry.path("received").asText(""));
            if (fields == null || received == null) {
                return false;
            }
            for (var f : fields.fields().entrySet()) {
                for (String path : List.of(fields.sourcePaths().get(f.getKey()), f.getKey())) {
                    JsonNode value = JsonPaths.at(received, path);
                    if (value != null && !value.isContainerNode() && person.matches(f.getValue(), value.asText(null))) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** Whether an export's recipient line ({@code recipients.jsonl}) is the person's. */
    private static boolean exported(JsonNode recipient, PersonIds person) {
        return person.matches(PersonIds.Kind.CUSTOMER_KEY, recipient.path("customer_key").asText(null))
                || person.matches(PersonIds.Kind.EMAIL, recipient.path("email").asText(null));
    }

    private static boolean containsEmail(String line, PersonIds person) {
        String lower = line.toLowerCase(Locale.ROOT);
        return person.of(PersonIds.Kind.EMAIL).stream().anyMatch(lower::contains);
    }

    private PersonFields rawFields(String source, String entity) {
        return rawSchemas.has(source, entity) ? new PersonFields(rawSchemas.schema(source, entity)) : null;
    }

    private PersonFields curatedFields(String entity) {
        try {
            return new PersonFields(curatedSchemas.schema(entity));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The marked fields of a file's entity, from where it sits: raw/<source>/<entity>/..., curated/<entity>/.... */
    private PersonFields fieldsOf(String relative) {
        String[] parts = relative.split("/");
        if (parts[0].equals("raw") && parts.length > 3) {
            return rawFields(parts[1], parts[2]);
        }
        if (parts[0].equals("curated") && parts.length > 2) {
            return curatedFields(parts[1]);
        }
        return null;
    }

    /** A file a manifest lists, with the marked fields of its entity and whether it holds identity records. */
    private record Located(Path path, PersonFields fields, boolean identity) {}

    private List<Located> manifestFiles() {
        List<Located> out = new ArrayList<>();
        for (String source : children(lake.path("raw/_manifests"))) {
            for (RunManifest m : new RunManifests(lake).all(source)) {
                m.entities().forEach((entity, ef) -> {
                    boolean identity = rawSchemas.has(source, entity) && isIdentity(rawSchemas.schema(source, entity));
                    ef.files().forEach(f -> out.add(new Located(lake.path(f), rawFields(source, entity), identity)));
                });
            }
        }
        for (CuratedManifest m : new CuratedManifests(lake).all()) {
            m.entities().forEach((entity, ef) -> {
                PersonFields fields = curatedFields(entity);
                boolean identity = fields != null && isIdentity(curatedSchemas.schema(entity));
                ef.files().forEach(f -> out.add(new Located(lake.path(f), fields, identity)));
            });
        }
        return out;
    }

    private static boolean isIdentity(Schema schema) {
        return Boolean.TRUE.equals(schema.getObjectProp("sendtime.identity"));
    }

    private static Object field(GenericRecord r, String name) {
        return r.getSchema().getField(name) == null ? null : r.get(name);
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    // ---------------------------------------------------------------------------------------------
    // the file system

    private List<String> children(Path dir) {
        List<String> out = new ArrayList<>();
        try {
            if (fs.exists(dir)) {
                for (FileStatus s : fs.listStatus(dir)) {
                    if (s.isDirectory()) {
                        out.add(s.getPath().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            if (fs.exists(dir)) {
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
                while (it.hasNext()) {
                    out.add(it.next().getPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private boolean exists(Path path) {
        return lake.exists(path);
    }

    private void delete(Path path) {
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
