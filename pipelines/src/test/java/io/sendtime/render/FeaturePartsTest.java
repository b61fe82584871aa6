package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/** A send's audience computes the parts of the features its filter or kept columns read, and every part otherwise. */
class FeaturePartsTest {

    @TempDir
    Path dir;

    @Test
    void aPartIsComputedWhenAnythingReadsItsColumnsAndLeavingItOutChangesOnlyThose() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            Warehouse warehouse = lake.app.get(Warehouse.class);
            warehouse.read(h -> {
                Set<String> kept = Set.of("customer_key", "first_name", "orders_count");
                FeatureParts none = new FeatureParts(false, false, false);
                assertThat(FeatureParts.of(h, "orders_count >= 1", kept)).isEqualTo(none);
                assertThat(FeatureParts.of(h, "ORDERS_COUNT >= 1 AND country = 'DE'", kept)).isEqualTo(none);
                assertThat(FeatureParts.of(h, "true", Set.of("engagement_score")))
                        .isEqualTo(new FeatureParts(true, false, true));
                assertThat(FeatureParts.of(h, "f.recent_views > 2", kept)).isEqualTo(new FeatureParts(true, false, false));
                assertThat(FeatureParts.of(h, "email_opens_30d > 0 OR engagement_score > 50", kept)).isEqualTo(FeatureParts.ALL);
                assertThat(FeatureParts.of(h, "email_clicks_90d > 0", kept)).isEqualTo(new FeatureParts(false, true, false));
                // columns the filter reads without naming them, or a filter DuckDB cannot parse: every part
                for (String unnamed : List.of("COLUMNS('.*views') > 1", "f IS NOT NULL", "to_json(f) LIKE '%x%'",
                        "list_any(top_categories_by_spend, lambda c: c = 'shoes')", "(orders_count >")) {
                    assertThat(FeatureParts.of(h, unnamed, kept)).as(unnamed).isEqualTo(FeatureParts.ALL);
                }

                // what leaving each part out changes, on the sample data (with opens and clicks: the sample sources
                // have no email events), against every part
                h.execute("""
                        CREATE TEMP TABLE test_email_events AS
                        SELECT * REPLACE (kinds.kind AS kind, TIMESTAMPTZ '2026-11-20 10:00:00+00' AS occurred_at)
                        FROM (SELECT * FROM email_events UNION ALL BY NAME SELECT customer_key FROM profiles LIMIT 40) e,
                             (SELECT unnest(['delivered', 'open', 'click']) AS kind) kinds""");
                List<String> columns = h.createQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM profile_features)")
                        .mapTo(String.class).list();
                Map<String, Set<String>> declared = Map.of("with_views", FeatureParts.VIEWS,
                        "with_email", FeatureParts.EMAIL, "with_deciles", FeatureParts.DECILES);
                for (var part : declared.entrySet()) {
                    String differs = columns.stream().filter(c -> !c.equals("customer_key"))
                            .map(c -> "count(*) FILTER (WHERE a.\"" + c + "\" IS DISTINCT FROM b.\"" + c + "\") AS \"" + c + "\"")
                            .collect(Collectors.joining(", "));
                    Map<String, Object> counts = h.createQuery("SELECT " + differs
                            + " FROM profile_features_of(TIMESTAMPTZ '2026-11-22 18:00:00+00', 'profiles', 'events',"
                            + " 'test_email_events') a JOIN profile_features_of(TIMESTAMPTZ '2026-11-22 18:00:00+00',"
                            + " 'profiles', 'events', 'test_email_events', " + part.getKey() + " := false) b"
                            + " USING (customer_key)").mapToMap().one();
                    Set<String> changed = new HashSet<>();
                    counts.forEach((c, n) -> {
                        if (((Number) n).longValue() > 0) {
                            changed.add(c);
                        }
                    });
                    assertThat(changed).as(part.getKey() + " changes some value on the sample data").isNotEmpty();
                    assertThat(part.getValue()).as(part.getKey() + ": every column it changes is declared")
                            .containsAll(changed);
                }
                return null;
            });

            // a warehouse last loaded before the parts existed (its macro without them): the audience computes them all
            CompiledCampaign campaign = new CampaignCatalog(Path.of("..", "templates")).compile("recommendations-newsletter");
            java.time.Instant now = java.time.Instant.now();
            long audience = audience(warehouse, campaign, now);
            warehouse.write(h -> h.execute("CREATE OR REPLACE MACRO profile_features_at(as_of) AS TABLE"
                    + " SELECT * FROM profile_features_of(as_of, 'profiles', 'events', 'email_events')"));
            warehouse.read(h -> {
                assertThat(new FeatureParts(false, false, false).bind(h)).isEmpty();
                return null;
            });
            assertThat(audience(warehouse, campaign, now)).isEqualTo(audience).isPositive();
        }
    }

    private static long audience(Warehouse warehouse, CompiledCampaign campaign, java.time.Instant at) throws Exception {
        return warehouse.read(h -> {
            RecipientSelection.variables(h, campaign, at, "t", 0, null);
            RecipientSelection.select(h, campaign, List.of(), ConsentRefresh.Refreshed.none(at),
                    RecipientSelection.sqlFilter(campaign.campaign()), false, null);
            return h.createQuery("SELECT count(*) FROM render_audience").mapTo(Long.class).one();
        });
    }
}
