package io.sendtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.ProfileSnapshots;
import io.sendtime.lake.PublishedProfiles;

/**
 * A measurement, run on demand: how long the server takes to load a real published snapshot (the chain of a lake,
 * e.g. the one {@code ./sendtime bench load --keep --dir D} leaves in {@code D/lake}) and the heap the loaded structure
 * takes. {@code mvn test -Dtest=SnapshotLoadMeasurement -Dsendtime.measure.lake=D/lake}; skipped without the property.
 */
class SnapshotLoadMeasurement {

    @TempDir
    Path dir;

    @Test
    void loadsAPublishedSnapshot() throws Exception {
        String lake = System.getProperty("sendtime.measure.lake");
        assumeTrue(lake != null, "set -Dsendtime.measure.lake=<lake dir> to measure");
        ProfileSnapshots snapshots = PublishedProfiles.snapshots(Path.of(lake));
        ProfileSnapshots.Pointer pointer = snapshots.current();
        long before = usedHeapAfterGc();
        long started = System.nanoTime();
        ProfileFile file = ServedProfiles.build(pointer, snapshots::localFile, dir.resolve("profiles.bin"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        long heap = usedHeapAfterGc() - before;
        System.out.printf("SnapshotLoadMeasurement: %,d profiles from %s in %,d ms; local file %,d MB; heap %,d MB"
                        + " (indexes %,d MB)%n", file.size(), pointer.files(), millis,
                Files.size(dir.resolve("profiles.bin")) >> 20, heap >> 20, file.indexBytes() >> 20);
        assertThat(file.size()).isEqualTo((int) pointer.profiles());
        file.close();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
