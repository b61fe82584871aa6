package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.sendtime.privacy.KeyedHash;
import io.sendtime.privacy.PrivacySettings;
import io.sendtime.privacy.SuppressionList;

/**
 * The open-time content's suppression check, asked by several render threads at once: every answer right (a keyed-hash
 * matcher holds a MAC, which one thread at a time may use), and an address suppressed later is seen after a refresh.
 */
class LiveSuppressionsTest {

    @TempDir
    Path dir;

    @Test
    void manyRenderThreadsGetEveryAnswerRight() throws Exception {
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, "a-test-key-of-enough-length-0123456789");
        KeyedHash hash = new KeyedHash(new PrivacySettings("SENDTIME_TEST_PRIVACY_KEY_UNSET", key));
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(
                new DriverManagerDataSource("jdbc:h2:mem:suppressions;DB_CLOSE_DELAY=-1"));
        jdbc.getJdbcTemplate().execute("CREATE TABLE sendtime_suppression (email_hash VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " reason VARCHAR(200), source VARCHAR(100) NOT NULL, suppressed_at VARCHAR(40) NOT NULL)");
        SuppressionList list = new SuppressionList(jdbc, hash);
        List<SuppressionList.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i += 2) {
            entries.add(new SuppressionList.Entry("user" + i + "@example.com", "unsubscribe"));
        }
        list.suppress(entries, "test", Instant.now());

        try (LiveSuppressions live = new LiveSuppressions(list, Duration.ofMillis(50))) {
            Thread.sleep(300);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                wrong.add(threads.submit(() -> {
                    int errors = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < 1000; i++) {
                            if (live.suppressed("user" + i + "@example.com") != (i % 2 == 0)) {
                                errors++;
                            }
                        }
                    }
                    return errors;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertThat(f.get()).isZero();
            }
            threads.shutdown();

            assertThat(live.suppressed("user1@example.com")).isFalse();
            list.suppress(List.of(new SuppressionList.Entry("user1@example.com", "bounce")), "test", Instant.now());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!live.suppressed("user1@example.com") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(live.suppressed("user1@example.com")).isTrue();
        }
    }
}
