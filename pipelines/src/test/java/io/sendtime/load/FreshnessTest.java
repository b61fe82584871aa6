package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;
import io.sendtime.extract.ExtractService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.WarehouseQueries;

/**
 * Freshness is the data's: how far every source's extracts reached without a gap, as the loads consumed them,
 * not when the last load ran.
 */
class FreshnessTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyLoadMakesNothingFresherAndAFutureAsOfIsRefused() {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            LoadService load = lake.app.get(LoadService.class);
            WarehouseQueries queries = lake.app.get(WarehouseQueries.class);
            assertThat(load.run(false, null).succeeded()).isTrue();
            WarehouseQueries.Freshness first = queries.freshness().orElseThrow();
            assertThat(first.dataCompleteTo()).isBeforeOrEqualTo(first.asOf());

            // when a load finds nothing new
            assertThat(load.run(false, null).succeeded()).isTrue();

            // then its profiles are computed later, but the data is no fresher than the sources confirmed
            WarehouseQueries.Freshness second = queries.freshness().orElseThrow();
            assertThat(second.loadId()).isGreaterThan(first.loadId());
            assertThat(second.asOf()).isAfter(first.asOf());
            assertThat(second.dataCompleteTo()).isEqualTo(first.dataCompleteTo());

            assertThatThrownBy(() -> load.run(false, Instant.now().plus(Duration.ofDays(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is in the future");
            assertThat(queries.freshness().orElseThrow().loadId()).isEqualTo(second.loadId());
        }
    }

    @Test
    void aSourceDownForThreeHoursMakesTheWarehouseStaleAndNamesIt() throws Exception {
        Path var = dir.resolve("var");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (SampleLake lake = new SampleLake(var, Map.of("sendtime.sources.commerce.retry.max-attempts", "1"))) {
            ExtractService extract = lake.app.get(ExtractService.class);
            // given hourly interval extracts: both sources four hours ago, then three hours of the CRM alone
            for (String source : List.of("crm", "commerce")) {
                assertThat(extract.run(interval(source, hour.minus(4, ChronoUnit.HOURS))).succeeded()).isTrue();
            }
            lake.apis.faults().serverError(503, 1_000, "/admin/"); // the shop's API, not the CRM's
            for (int h = 3; h >= 1; h--) {
                assertThat(extract.run(interval("crm", hour.minus(h, ChronoUnit.HOURS))).succeeded()).isTrue();
                assertThat(extract.run(interval("commerce", hour.minus(h, ChronoUnit.HOURS))).succeeded()).isFalse();
            }
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();

            // then the data is complete only to where the commerce extracts stopped
            WarehouseQueries queries = lake.app.get(WarehouseQueries.class);
            assertThat(queries.freshness().orElseThrow().dataCompleteTo()).isEqualTo(hour.minus(3, ChronoUnit.HOURS));
            assertThat(queries.completeness().get(0).source()).isEqualTo("commerce");

            // and a campaign that needs data within 2 hours is refused, though the load ran just now
            assertThatThrownBy(() -> lake.app.get(io.sendtime.render.RenderService.class).run(
                    new io.sendtime.render.RenderService.RenderRequest("abandoned-cart", Instant.now(), "x", false)))
                    .isInstanceOf(io.sendtime.render.RenderService.Refused.class)
                    .hasMessageContaining("complete to " + hour.minus(3, ChronoUnit.HOURS));
        }

        // and inspect freshness says it is not fresh for a 2-hour limit, naming the source
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + var + "\n");
        CliRun stale = CliRun.run(config, "inspect", "freshness", "--max-age", "2h");
        assertThat(stale.exitCode()).as(stale.err()).isEqualTo(3);
        assertThat(stale.out()).contains("not fresh: older than", "stalest: commerce")
                .containsPattern("in warehouse crm +contacts +complete to " + hour);
        assertThat(CliRun.run(config, "inspect", "freshness", "--max-age", "4h").exitCode()).isZero();
        CliRun future = CliRun.run(config, "run", "load", "--as-of", Instant.now().plus(Duration.ofDays(2)).toString());
        assertThat(future.exitCode()).isEqualTo(2);
        assertThat(future.err()).contains("is in the future").hasLineCount(1);
    }

    private static ExtractService.ExtractRequest interval(String source, Instant from) {
        return new ExtractService.ExtractRequest(source, List.of(), from, from.plus(1, ChronoUnit.HOURS), false);
    }
}
