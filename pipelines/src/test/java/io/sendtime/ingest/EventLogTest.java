package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event log: what an append acknowledged survives anything, a crash (a process killed with SIGKILL mid-stream)
 * included, exactly once; a torn tail is cut off on open; concurrent appends share fsyncs; a full log refuses.
 */
class EventLogTest {

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsAreAllKeptOnceAndShareTheirForces() throws Exception {
        int threads = 8;
        int appends = 100;
        try (EventLog log = EventLog.open(dir, 1L << 30)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < appends; i++) {
                        log.append(List.of(bytes(thread + ":" + i + ":a"), bytes(thread + ":" + i + ":b")));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            // group commit: appends that came together were forced together
            assertThat(log.forces()).isLessThan(threads * appends);
        }
        Map<String, Integer> seen = readAll(dir);
        assertThat(seen).hasSize(threads * appends * 2).allSatisfy((record, times) -> assertThat(times).isOne());
    }

    @Test
    void aTornTailIsCutOffWhenTheLogIsOpenedAndDamageElsewhereIsRefused() throws Exception {
        try (EventLog log = EventLog.open(dir, 1L << 20)) {
            log.append(List.of(bytes("one"), bytes("two")));
            log.append(List.of(bytes("three")));
        }
        // a crash while a fourth record was being written: its frame is there, half its payload is not
        Path segment = dir.resolve("000000000001.log");
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 'f', 'o'}, StandardOpenOption.APPEND);
        try (EventLog log = EventLog.open(dir, 1L << 20)) {
            assertThat(log.recoveredBytes()).isEqualTo(10);
            log.append(List.of(bytes("four")));
        }
        assertThat(readAll(dir)).containsOnlyKeys("one", "two", "three", "four");

        // a damaged record in a segment that is not the last cannot be a crash's: refused, naming the file
        try (EventLog log = EventLog.open(dir, 1L << 20)) {
            log.roll();
            log.append(List.of(bytes("five")));
        }
        byte[] content = Files.readAllBytes(segment);
        content[9] ^= 0x55; // a bit of "one" flipped
        Files.write(segment, content);
        assertThatThrownBy(() -> EventLog.open(dir, 1L << 20)).isInstanceOf(IOException.class)
                .hasMessageContaining("000000000001.log is damaged at byte 0");
    }

    @Test
    void aFullLogRefusesAppendsUntilTheCommitterDeletesWhatIsSafeElsewhere() throws Exception {
        try (EventLog log = EventLog.open(dir, 100)) {
            log.append(List.of(new byte[40], new byte[40])); // 96 bytes with their frames
            assertThatThrownBy(() -> log.append(List.of(new byte[1]))).isInstanceOf(EventLog.Full.class)
                    .hasMessageContaining("holds 96 of its 100 bytes");
            log.roll();
            for (long segment : log.closedSegments()) {
                List<byte[]> records = new ArrayList<>();
                log.read(segment, records::add);
                assertThat(records).hasSize(2);
                log.delete(segment);
            }
            assertThat(log.size()).isZero();
            log.append(List.of(new byte[1]));
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesAProcessKilledMidStreamExactlyOnce() throws Exception {
        // a separate JVM appends numbered records, printing each number once its append has returned
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Appender.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        int acknowledged = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged = Integer.parseInt(line.substring(4));
                    if (acknowledged >= 300) {
                        writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-append
                        break;
                    }
                }
            }
        }
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).as("the writer acknowledged appends before it was killed").isGreaterThanOrEqualTo(300);

        // then, reopened, the log holds 0..n once each, n at least the last acknowledged (an append whose
        // acknowledgement did not get out may be there too; nothing else)
        Map<String, Integer> seen;
        try (EventLog log = EventLog.open(dir, 1L << 30)) {
            log.roll();
            seen = new HashMap<>();
            for (long segment : log.closedSegments()) {
                log.read(segment, r -> seen.merge(new String(r, StandardCharsets.UTF_8), 1, Integer::sum));
            }
        }
        assertThat(seen.values()).allSatisfy(times -> assertThat(times).isOne());
        int highest = seen.keySet().stream().mapToInt(Integer::parseInt).max().orElse(-1);
        assertThat(highest).isGreaterThanOrEqualTo(acknowledged);
        for (int i = 0; i <= highest; i++) {
            assertThat(seen).containsKey(Integer.toString(i));
        }
    }

    /** The killed writer: appends 0, 1, 2, ... as fast as it can, printing each once durable. */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            try (EventLog log = EventLog.open(Path.of(args[0]), 1L << 30)) {
                for (int i = 0; ; i++) {
                    log.append(List.of(bytes(Integer.toString(i))));
                    System.out.println("ack " + i);
                    System.out.flush();
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> readAll(Path dir) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        try (EventLog log = EventLog.open(dir, 1L << 30)) {
            log.roll();
            for (long segment : log.closedSegments()) {
                log.read(segment, r -> seen.merge(new String(r, StandardCharsets.UTF_8), 1, Integer::sum));
            }
        }
        return seen;
    }
}
