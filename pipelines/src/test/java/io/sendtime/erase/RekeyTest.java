package io.sendtime.erase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.sendtime.TestApp;
import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;
import io.sendtime.transform.TransformService;
import io.sendtime.warehouse.Warehouse;

/**
 * An install whose customer keys were plain SHA-256 hashes (before keyed keys) is refused by the transform
 * until {@code privacy rekey}; the re-key removes every old key and rebuilds the same warehouse with keyed keys.
 */
class RekeyTest {

    @TempDir
    Path dir;

    @Test
    void anInstallWithPlainKeysIsRefusedUntilRekeyedAndThenHoldsOnlyKeyedKeys() throws Exception {
        try (SampleLake lake = new SampleLake(dir.resolve("var"))) {
            lake.extractBoth();
            lake.transform();
            Instant asOf = Instant.parse("2026-10-02T00:00:00Z");
            assertThat(lake.app.get(LoadService.class).run(false, asOf).succeeded()).isTrue();
            Warehouse warehouse = lake.app.get(Warehouse.class);
            Path keyed = dir.resolve("keyed.duckdb");
            Files.copy(warehouse.path(), keyed);

            // given the install as an earlier version left it: plain keys, no key scheme
            JdbcTemplate jobRepository = new JdbcTemplate(lake.app.get(DataSource.class));
            jobRepository.update("UPDATE sendtime_identity SET customer_key = SUBSTRING(record_id || '0000000000000000', 1, 16)");
            jobRepository.update("DELETE FROM sendtime_key_scheme");

            // then the transform refuses, saying what to run
            assertThatThrownBy(() -> lake.app.get(TransformService.class).run())
                    .hasMessageContaining("plain SHA-256").hasMessageContaining("privacy rekey");

            // when it is re-keyed (what the command runs)
            lake.app.get(Rekey.class).prepare();
            assertThat(lake.app.get(TransformService.class).run().succeeded()).isTrue();
            assertThat(lake.app.get(LoadService.class).run(true, asOf).succeeded()).isTrue();

            // then the warehouse is the one a keyed install builds, with no old key anywhere
            assertThat(io.sendtime.load.WarehouseDiff.between(keyed, warehouse.path(),
                    java.util.Set.of("_transform_run_id"))).as("the same warehouse but for the new curation runs").isEmpty();
            String bob = warehouse.read(h -> h.createQuery("SELECT customer_key FROM profiles WHERE crm_contact_id = '1001'")
                    .mapTo(String.class).one());
            assertThat(bob).isEqualTo(TestApp.customerKey("bob.norman@mail.example.com"));
            assertThat(jobRepository.queryForObject("SELECT count(*) FROM sendtime_identity WHERE customer_key LIKE '1001%'",
                    Long.class)).isZero();
            assertThat(jobRepository.queryForList("SELECT scheme FROM sendtime_key_scheme", String.class))
                    .containsExactly("keyed");
        }
    }
}
