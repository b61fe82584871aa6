package io.sendtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's structure for the published profiles: the chain applied in order (a later row replaces a key's
 * profile, a deletion marker removes it, the old email SHA-256 no longer finds it), an erasure dropped from the lookup
 * with its bytes overwritten in the local file, and a million profiles within a small heap (the bytes are mapped).
 */
class ProfileFileTest {

    @TempDir
    Path dir;

    @Test
    void appliesTheChainInOrderAndPurgesAnErasedPersonsBytes() throws Exception {
        String a = "00000000000000aa";
        String b = "00000000000000bb";
        String c = "00000000000000cc";
        String shaA = sha('a');
        String shaA2 = sha('d');
        String shaB = sha('b');
        ProfileFile file;
        try (ProfileFile.Writer writer = new ProfileFile.Writer(dir.resolve("p.bin"))) {
            writer.row(a, shaA, "{\"email\":\"ann@example.com\",\"v\":1}", "{\"first_name\":\"Ann\"}");
            writer.row(b, shaB, "{\"email\":\"bob@example.com\"}", "{}");
            writer.row(c, null, "{\"email\":null}", "{}");
            // a delta: Ann's new address, Bob deleted
            writer.row(a, shaA2, "{\"email\":\"ann@new.example.com\",\"v\":2}", "{\"first_name\":\"Ann\"}");
            writer.deleted(b);
            file = writer.open(7, "2026-12-02T05:00:00Z");
        }
        assertThat(file.size()).isEqualTo(2);
        assertThat(file.find(a).orElseThrow().profileJson()).contains("\"v\":2");
        assertThat(file.find(shaA2).orElseThrow().customerKey()).isEqualTo(a);
        assertThat(file.find(shaA2.toUpperCase()).orElseThrow().loadId()).isEqualTo(7);
        assertThat(file.find(shaA)).as("the old address no longer finds anyone").isEmpty();
        assertThat(file.find(b)).isEmpty();
        assertThat(file.find(shaB)).isEmpty();
        assertThat(file.find(c).orElseThrow().contextJson()).isEqualTo("{}");
        assertThat(file.find("00000000000000dd")).isEmpty();

        int purged = file.purge(Set.of("customer_key:" + a)::contains);
        assertThat(purged).as("both versions of Ann's profile").isEqualTo(2);
        assertThat(file.find(a)).isEmpty();
        assertThat(file.find(shaA2)).isEmpty();
        assertThat(file.find(c)).isPresent();
        assertThat(file.size()).isEqualTo(1);
        String bytes = Files.readString(dir.resolve("p.bin"), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("ann@", a, shaA, shaA2, "Ann").contains(c);
        file.close();
        assertThat(dir.resolve("p.bin")).doesNotExist();
    }

    /**
     * A synthetic snapshot of a million profiles of about 600 bytes each (a realistic profile plus its context): the
     * lookup structure's heap (used heap after a full GC, with and without it) stays under 64 MB; lookups by key and by
     * SHA find every profile checked.
     */
    @Test
    void aMillionProfilesTakeLittleHeap() throws Exception {
        int n = 1_000_000;
        String profile = "{\"first_name\":\"Name\",\"last_name\":\"Surname\",\"orders_count\":3,\"lifetime_value_minor\":12345,"
                + "\"segments\":[\"vip\",\"at_risk\"],\"consents\":[{\"channel\":\"marketing_email\",\"status\":\"SUBSCRIBED\"}],"
                + "\"top_categories_by_spend\":[\"watches\",\"running_shoes\"],\"engagement_score\":42.5,\"pad\":\""
                + "x".repeat(120) + "\"}";
        String context = "{\"first_name\":\"Name\",\"bought_ids\":[632910392,632910403,632910414],\"segments\":[\"vip\"],"
                + "\"pad\":\"" + "y".repeat(100) + "\"}";
        long before = usedHeapAfterGc();
        long started = System.nanoTime();
        ProfileFile file;
        try (ProfileFile.Writer writer = new ProfileFile.Writer(dir.resolve("million.bin"))) {
            for (int i = 0; i < n; i++) {
                writer.row(key(i), shaOf(i), profile, context);
            }
            file = writer.open(1, "2026-12-02T05:00:00Z");
        }
        long built = (System.nanoTime() - started) / 1_000_000;
        long after = usedHeapAfterGc();
        long heap = after - before;
        System.out.printf("ProfileFileTest: %,d profiles, %,d MB local file, built in %,d ms; heap %,d MB"
                        + " (indexes %,d MB)%n", file.size(), Files.size(dir.resolve("million.bin")) >> 20, built,
                heap >> 20, file.indexBytes() >> 20);
        assertThat(file.size()).isEqualTo(n);
        assertThat(heap).as("heap of the lookup structure").isLessThan(64L << 20);
        Random random = new Random(1);
        for (int t = 0; t < 10_000; t++) {
            int i = random.nextInt(n);
            assertThat(file.find(key(i)).orElseThrow().customerKey()).isEqualTo(key(i));
            assertThat(file.find(shaOf(i)).orElseThrow().customerKey()).isEqualTo(key(i));
        }
        assertThat(file.find(key(n + 1))).isEmpty();
        file.close();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String key(int i) {
        return String.format("%016x", 0x9e3779b97f4a7c15L * (i + 1));
    }

    private static String shaOf(int i) {
        return key(i) + key(i + 7) + key(i + 13) + key(i + 17);
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }
}
