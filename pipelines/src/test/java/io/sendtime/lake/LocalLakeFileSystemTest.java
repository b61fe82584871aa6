package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLakeFileSystemTest {

    @TempDir
    Path dir;

    @Test
    void aLocalLakeCreatesFilesAndDirectoriesWithHadoopsModesWithoutAProcessPerFile() throws Exception {
        // given a local lake with Hadoop's default umask (022)
        Lake lake = new Lake(dir.toUri(), Map.of());

        // then its file system is the one that sets modes by system call
        assertThat(lake.fileSystem()).isInstanceOf(LocalLakeFileSystem.class);

        // when a Parquet file is written into directories that do not exist yet, and a side file next to it
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "r", "fields": [{"name": "id", "type": "long"}]}""");
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", 1L);
        var target = lake.path("curated/things/transform_date=2026-12-03/run-1.parquet");
        new ParquetFiles(lake).writeAtomically(target, schema, List.of(record));
        try (OutputStream out = lake.fileSystem().create(lake.path("curated/_manifests/run-1.json"), true)) {
            out.write('{');
        }

        // then files are rw-r--r-- and the directories made for them rwxr-xr-x, as Hadoop's chmod made them
        Path written = Path.of(target.toUri());
        assertThat(mode(written)).isEqualTo("rw-r--r--");
        assertThat(mode(dir.resolve("curated/_manifests/run-1.json"))).isEqualTo("rw-r--r--");
        assertThat(mode(written.getParent())).isEqualTo("rwxr-xr-x");
        assertThat(mode(written.getParent().getParent())).isEqualTo("rwxr-xr-x");
    }

    @Test
    void theLakesUmaskIsApplied() throws Exception {
        // given a lake whose Hadoop settings keep everything to the owner
        Lake lake = new Lake(dir.toUri(), Map.of("fs.permissions.umask-mode", "077"));

        // when a file is created in a new directory
        var file = lake.path("exports/c/s/recipients.jsonl");
        try (OutputStream out = lake.fileSystem().create(file, true)) {
            out.write('x');
        }

        // then neither is readable by group or others
        assertThat(mode(Path.of(file.toUri()))).isEqualTo("rw-------");
        assertThat(mode(Path.of(file.toUri()).getParent())).isEqualTo("rwx------");
    }

    @Test
    void everyPermissionBitMapsToItsPosixPermission() {
        for (int mode = 0; mode < 01000; mode++) {
            assertThat(PosixFilePermissions.toString(LocalLakeFileSystem.posix(new FsPermission((short) mode))))
                    .as("mode %o", mode)
                    .isEqualTo(new FsPermission((short) mode).toString());
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
