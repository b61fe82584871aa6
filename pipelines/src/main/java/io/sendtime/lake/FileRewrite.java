package io.sendtime.lake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.Path;

/**
 * Copy-on-write of one lake file without some of its records: the kept records go to a new file, written to an
 * in-progress name and committed by rename ({@link Lake#commit}); the original is left for the caller to
 * delete once whatever lists it (a manifest) lists the new one. An erasure names the new file after the old
 * one plus its tag ({@code <name>-e<tag>.parquet}), so that a rerun after a crash finds both.
 */
public final class FileRewrite {

    private static final Pattern TAGGED = Pattern.compile("-e[0-9a-f]{8}(?=\\.[a-z]+$)");

    private final Lake lake;

    public FileRewrite(Lake lake) {
        this.lake = lake;
    }

    /** The name an erasure tagged {@code tag} gives the rewrite of {@code file}. */
    public static String tagged(String file, String tag) {
        int dot = file.lastIndexOf('.');
        return file.substring(0, dot) + "-e" + tag + file.substring(dot);
    }

    /** The file a rewrite tagged {@code tag} replaced, or null when {@code file} is not one. */
    public static String untagged(String file, String tag) {
        String suffix = "-e" + tag;
        int dot = file.lastIndexOf('.');
        return dot > suffix.length() && file.substring(0, dot).endsWith(suffix)
                ? file.substring(0, dot - suffix.length()) + file.substring(dot) : null;
    }

    /** Whether a file name carries an erasure's tag. */
    public static boolean isRewrite(String file) {
        return TAGGED.matcher(file).find();
    }

    /**
     * Writes the records of {@code source} that do not match to {@code target}, with the file's own schema, in
     * one read; when none matches nothing is written.
     *
     * @return how many records were left out
     */
    public long parquet(Path source, Path target, Predicate<GenericRecord> match) {
        List<GenericRecord> kept = new ArrayList<>();
        long[] removed = {0};
        Schema[] schema = {null};
        ParquetFiles files = new ParquetFiles(lake);
        files.read(source, null, r -> {
            schema[0] = r.getSchema();
            if (match.test(r)) {
                removed[0]++;
            } else {
                kept.add(r);
            }
        });
        if (removed[0] > 0) {
            files.writeAtomically(target, schema[0], kept);
        }
        return removed[0];
    }

    /**
     * Writes the lines of {@code source} that do not match to {@code target}; when none matches nothing is
     * written.
     *
     * @return how many lines were left out
     */
    public long lines(Path source, Path target, Predicate<String> match) {
        List<String> all = lines(source);
        if (all.stream().noneMatch(match)) {
            return 0;
        }
        long removed = 0;
        Path inProgress = Lake.inProgress(target);
        try (OutputStream out = lake.fileSystem().create(inProgress, true)) {
            for (String line : all) {
                if (match.test(line)) {
                    removed++;
                } else {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        lake.commit(inProgress, target);
        return removed;
    }

    /** The non-empty lines of a text file. */
    public List<String> lines(Path file) {
        List<String> out = new ArrayList<>();
        try (InputStream in = lake.fileSystem().open(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
