package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Housekeeping removes export renders no _current.json points at, and only those. */
class HousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void rendersTheSendDoesNotPointAtGoTheCurrentOneStays() throws Exception {
        // given a send with its current render and one a crash left behind, and a send without a pointer yet
        Lake lake = new Lake(dir.toUri(), Map.of());
        Path send = dir.resolve("exports/win-back/s1");
        Path current = Files.createDirectories(send.resolve("r2"));
        Path left = Files.createDirectories(send.resolve("r1"));
        Files.writeString(left.resolve("recipients.jsonl"), "{}\n");
        Files.writeString(current.resolve("recipients.jsonl"), "{}\n");
        new ExportPublisher(lake).publish("win-back", "s1", "r2");
        Files.createDirectories(left); // publish removed r1: a crash between the render and the switch leaves it
        Files.writeString(left.resolve("recipients.jsonl"), "{}\n");
        Path unpublished = Files.createDirectories(dir.resolve("exports/win-back/s2/r9"));
        for (Path p : new Path[] {left, current, unpublished}) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }

        // when
        Housekeeping.Report report = new Housekeeping(lake).run(Duration.ofHours(1), false);

        // then
        assertThat(report.removed()).containsExactly("exports/win-back/s1/r1/");
        assertThat(left).doesNotExist();
        assertThat(current).exists();
        assertThat(unpublished).as("a send without a pointer is left alone").exists();
    }
}
