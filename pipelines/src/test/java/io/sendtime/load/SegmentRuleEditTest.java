package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.config.SqlFiles;

/**
 * The segment rules are data read at run time from the checkout's {@code sql/} (the launcher points
 * {@code sendtime.sql-dir} at it): editing one and running a full rebuild changes the segment, with the same jar.
 */
class SegmentRuleEditTest {

    private static final Instant AS_OF = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void noDirectory() {
        System.clearProperty("sendtime.sql-dir");
    }

    @Test
    void anEditedSegmentRuleInTheSqlDirectoryChangesTheSegmentOnTheNextFullRebuild() throws Exception {
        // given the samples loaded with the shipped rules
        Path sql = Files.createDirectories(dir.resolve("sql/load"));
        try (LoadedSamples samples = new LoadedSamples(dir.resolve("var")).curate()) {
            samples.load(false, AS_OF);
            long vip = samples.count("SELECT count(*) FROM segment_memberships WHERE segment = 'vip'");
            String segmentedBuyers = """
                    SELECT count(DISTINCT customer_key) FROM segment_memberships
                    WHERE customer_key IN (SELECT customer_key FROM profiles WHERE orders_count >= 1)""";
            assertThat(samples.count(segmentedBuyers)).isGreaterThan(vip);

            // when the vip rule is edited in the SQL directory (a checkout's sql/) and the warehouse rebuilt
            String shipped = SqlFiles.text("load/segment_definitions.sql");
            String edited = shipped.replace("'orders_count >= 5 AND days_since_last_order <= 365'",
                    "'orders_count >= 1'");
            assertThat(edited).isNotEqualTo(shipped);
            Files.writeString(sql.resolve("segment_definitions.sql"), edited);
            System.setProperty("sendtime.sql-dir", dir.resolve("sql").toString());
            samples.load(true, AS_OF.plusSeconds(1));

            // then the segment follows the edited rule
            // (every buyer the segments hold is a vip now)
            assertThat(samples.count("SELECT count(*) FROM segment_memberships WHERE segment = 'vip'"))
                    .isEqualTo(samples.count(segmentedBuyers)).isGreaterThan(vip);
            assertThat(samples.count("SELECT count(*) FROM segment_definitions WHERE name = 'vip' "
                    + "AND rule_sql = 'orders_count >= 1'")).isOne();
        }
    }
}
