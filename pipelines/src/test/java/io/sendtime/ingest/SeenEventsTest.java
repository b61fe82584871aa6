package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retried event is taken once within 72 hours, across concurrent requests and restarts, and forgotten after. */
class SeenEventsTest {

    private static final Duration WINDOW = Duration.ofHours(72);

    @TempDir
    Path dir;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void aRepeatWithinTheWindowIsRefusedAfterARestartTooAndForgottenAfterTheWindow() throws Exception {
        Path file = dir.resolve("seen.txt");
        SeenEvents seen = SeenEvents.open(file, WINDOW, at("2026-11-30T12:00:00Z"));
        assertThat(seen.reserve("storefront:evt_1")).isTrue();
        assertThat(seen.reserve("storefront:evt_1")).as("a retry").isFalse();
        assertThat(seen.reserve("sendgrid:evt_1")).as("another sender's id").isTrue();
        // a request the log refused (full): its ids are given back, so the retry is stored
        assertThat(seen.reserve("storefront:evt_2")).isTrue();
        seen.release(List.of("storefront:evt_2"));
        assertThat(seen.reserve("storefront:evt_2")).isTrue();
        seen.remember(List.of("storefront:evt_1", "sendgrid:evt_1", "storefront:evt_2"));

        // after a restart two days later: still known; after the window: forgotten, and compacted away
        assertThat(SeenEvents.open(file, WINDOW, at("2026-12-02T12:00:00Z")).reserve("storefront:evt_1")).isFalse();
        SeenEvents later = SeenEvents.open(file, WINDOW, at("2026-12-03T12:00:01Z"));
        assertThat(later.size()).isZero();
        assertThat(later.reserve("storefront:evt_1")).isTrue();
        later.compact();
        long now = Instant.parse("2026-12-03T12:00:01Z").getEpochSecond();
        assertThat(Files.readAllLines(file)).containsExactly(now + " "
                + java.util.HexFormat.of().toHexDigits(SeenEvents.fingerprint("storefront:evt_1")));

        // a line torn by a crash is skipped
        Files.writeString(file, now + " " + java.util.HexFormat.of().toHexDigits(SeenEvents.fingerprint("storefront:evt_9"))
                + "\n17647 0a1b", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(SeenEvents.open(file, WINDOW, at("2026-12-03T12:00:01Z")).size()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsCarryingOneIdStoreItOnce() throws Exception {
        SeenEvents seen = SeenEvents.open(dir.resolve("seen.txt"), WINDOW, Clock.systemUTC());
        AtomicInteger taken = new AtomicInteger();
        IntStream.range(0, 64).parallel().forEach(i -> {
            for (int id = 0; id < 100; id++) {
                if (seen.reserve("storefront:evt_" + id)) {
                    taken.incrementAndGet();
                }
            }
        });
        assertThat(taken).hasValue(100);
    }

    @Test
    void millionsOfIdsStayExactAcrossGrowthForgettingAndExpiry() throws Exception {
        SeenEvents seen = SeenEvents.open(dir.resolve("seen.txt"), WINDOW, Clock.systemUTC());
        for (int i = 0; i < 300_000; i++) {
            assertThat(seen.reserve("storefront:e" + i)).isTrue();
        }
        seen.release(List.of("storefront:e7", "storefront:e299999"));
        assertThat(seen.size()).isEqualTo(299_998);
        for (int i = 0; i < 300_000; i++) {
            boolean given = i == 7 || i == 299_999;
            assertThat(seen.reserve("storefront:e" + i)).as("e" + i).isEqualTo(given);
        }
        assertThat(seen.reserve("storefront:e300000")).isTrue();
        assertThat(seen.size()).isEqualTo(300_001);
    }
}
