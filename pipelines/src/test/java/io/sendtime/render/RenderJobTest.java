package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/** run render on the loaded sample data, against the real sample commerce API for stock. */
class RenderJobTest {

    static final Instant SEND_AT = Instant.parse("2026-11-22T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void rendersEligibleRecipientsReplacesASendAndKeepsThePreviousOnFailure() throws Exception {
        // batches of 3 recipients: the render threads work on several batches while the reading thread writes
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.render.stock-timeout", "2s",
                "sendtime.consent.refresh-timeout", "2s", "sendtime.render.batch-size", "3"))) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            RenderService render = lake.app.get(RenderService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);

            RenderSummary first = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "s1", false));
            assertThat(first.stockSource()).isEqualTo("api");
            assertThat(first.rendered()).isPositive();
            long excluded = first.excluded().values().stream().mapToLong(Long::longValue).sum();
            long rejected = first.rejected().values().stream().mapToLong(Long::longValue).sum();
            assertThat(first.rendered() + excluded + rejected).as("everyone in the audience is accounted for")
                    .isEqualTo(first.audience());
            assertThat(count(warehouse, """
                    SELECT count(*) FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.send_id = 's1' AND (p.consent_marketing_email <> 'SUBSCRIBED' OR p.suppressed_email)"""))
                    .as("no token set without consent or while suppressed").isZero();
            assertThat(count(warehouse, """
                    SELECT count(*) FROM token_sets t WHERE t.send_id = 's1' AND NOT EXISTS (
                      SELECT 1 FROM segment_memberships m WHERE m.customer_key = t.customer_key
                      AND m.segment IN ('at_risk', 'lapsed'))""")).as("only the audience's segments").isZero();
            assertThat(count(warehouse, "SELECT count(*) FROM render_rejections WHERE send_id = 's1'"
                    + " AND reason LIKE 'excluded:%'")).isEqualTo(excluded);
            Path sendDir = first.export().getParent();
            assertThat(Files.readString(sendDir.resolve("_current.json"))).contains(first.export().getFileName().toString());
            assertThat(first.consent().source()).isEqualTo("sources");
            String checkedAt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .withZone(java.time.ZoneOffset.UTC).format(first.consent().checkedAt());
            assertThat(Files.readAllLines(first.export().resolve("recipients.jsonl")))
                    .as("each exported recipient says when its consent was taken from the sources: just before the render")
                    .allSatisfy(line -> assertThat(line).contains("\"consent_checked_at\":\"" + checkedAt));
            assertThat(Files.readAllLines(first.export().resolve("recipients.jsonl"))).hasSize((int) first.rendered())
                    .allSatisfy(line -> assertThat(line).startsWith("{\"email\":").contains("\"dynamic_template_data\":{"));
            assertThat(first.rendered()).as("several batches of 3 in flight").isGreaterThan(3 * RenderPipeline.IN_FLIGHT * 3);
            List<String> exported = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(first.export().resolve("recipients.jsonl"))) {
                exported.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("customer_key").asText());
            }
            assertThat(exported).as("each recipient exported once, and they are the send's token sets")
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(keys(warehouse, "SELECT customer_key FROM token_sets WHERE send_id = 's1'"));
            // and SendGrid's custom arguments, so that every event of the message maps back to its send and recipient:
            // text values only, in all far under SendGrid's 10,000 bytes
            for (String line : Files.readAllLines(first.export().resolve("recipients.jsonl"))) {
                var recipient = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                var customArgs = recipient.get("custom_args");
                assertThat(customArgs.properties()).as(line).allSatisfy(arg -> assertThat(arg.getValue().isTextual())
                        .as(arg.getKey() + " is text").isTrue());
                assertThat(customArgs.path("sendtime_campaign").asText()).isEqualTo("win-back");
                assertThat(customArgs.path("sendtime_send").asText()).isEqualTo("s1");
                assertThat(customArgs.path("sendtime_variant").asText()).isEqualTo(recipient.path("variant").asText()).isNotEmpty();
                assertThat(customArgs.path("sendtime_customer").asText()).isEqualTo(recipient.path("customer_key").asText())
                        .hasSize(16);
                assertThat(customArgs.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(10_000);
            }
            try (var duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                 var tokenSets = duckdb.createStatement().executeQuery("SELECT count(*) FROM read_parquet('"
                         + first.export().resolve("token_sets.parquet") + "') WHERE custom_args['sendtime_campaign'] = 'win-back'"
                         + " AND custom_args['sendtime_send'] = 's1' AND custom_args['sendtime_customer'] = customer_key"
                         + " AND custom_args['sendtime_variant'] = variant")) {
                tokenSets.next();
                assertThat(tokenSets.getLong(1)).as("token_sets.parquet carries the same custom arguments")
                        .isEqualTo(first.rendered());
            }

            // a re-render of the same send replaces it: one token set per recipient, one summary
            RenderSummary again = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "s1", false));
            assertThat(again.rendered()).isEqualTo(first.rendered());
            assertThat(count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 's1'")).isEqualTo(first.rendered());
            assertThat(count(warehouse, "SELECT count(*) FROM render_summaries WHERE send_id = 's1'")).isEqualTo(1);
            assertThat(Files.exists(first.export())).as("the older export is gone").isFalse();
            assertThat(Files.readString(sendDir.resolve("_current.json"))).contains(again.export().getFileName().toString());

            // a render that fails halfway (its export directory cannot be created: a plain file is where
            // the send's directory goes) leaves the send's previous complete render in place
            RenderSummary before = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "s2", false));
            Path s2 = before.export().getParent();
            Path moved = dir.resolve("s2-moved");
            Files.move(s2, moved);
            Files.createFile(s2);
            assertThatThrownBy(() -> render.run(new RenderService.RenderRequest("win-back", SEND_AT, "s2", false)))
                    .hasMessageContaining("s2");
            assertThat(count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 's2'")).isEqualTo(before.rendered());
            assertThat(rows(warehouse, "SELECT rendered_at FROM render_summaries WHERE send_id = 's2'")).hasSize(1);
            assertThat(count(warehouse, "SELECT count(*) FROM render_summaries WHERE send_id = 's2' AND export_path = '"
                    + before.export() + "'")).isEqualTo(1);
            Files.delete(s2);
            Files.move(moved, s2);

            // a product whose price breaks the money rules (three decimals in USD) keeps the last load's price and
            // stock, counted; the rest of the refresh stands
            lake.apis.store().inject(io.sendtime.samples.Entity.PRODUCTS, lake.apis.store().now(), "632910392",
                    "{\"id\":632910392,\"title\":\"Trail Runner\",\"updated_at\":\"" + lake.apis.store().now()
                            + "\",\"variants\":[{\"id\":808950810,\"price\":\"92.999\",\"inventory_quantity\":0}]}");
            RenderSummary oddPrice = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "s2b", false));
            assertThat(oddPrice.stockSource()).isEqualTo("api");
            assertThat(oddPrice.stockSkipped()).isEqualTo(1);

            // with the sources down, stock comes from the last load, flagged; consent cannot be checked, so the
            // send goes only when the operator allows the last load's consent
            lake.apis.faults().down(true);
            RenderSummary offline = lake.app.get(RenderService.class).run(
                    new RenderService.RenderRequest("abandoned-cart", SEND_AT, "s3", false, true));
            assertThat(offline.stockSource()).isEqualTo("lake");
            assertThat(offline.consent().source()).isEqualTo("load");
            lake.apis.faults().down(false);
        }
    }

    @Test
    void aSuppressedAddressGetsNoTokenSetFromTheNextRenderOnAndTheListNeedsItsKey() throws Exception {
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, "a-test-privacy-key-0123456789");
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.privacy.key-file", key.toString(),
                "sendtime.render.stock-timeout", "2s"))) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            RenderService render = lake.app.get(RenderService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            RenderSummary before = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "before", false));
            Map<String, Object> someone = rows(warehouse, """
                    SELECT t.customer_key, p.email FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.send_id = 'before' ORDER BY t.customer_key LIMIT 1""").get(0);

            // when an ESP reports the address (any case) and the next render runs, with no load in between
            int added = lake.app.get(io.sendtime.privacy.SuppressionList.class).suppress(List.of(
                    new io.sendtime.privacy.SuppressionList.Entry(" " + someone.get("email").toString().toUpperCase() + " ",
                            "bounce")), "test", Instant.now());
            RenderSummary after = render.run(new RenderService.RenderRequest("win-back", SEND_AT, "after", false));

            // then they alone lose their token set, and a preview says why
            assertThat(added).isEqualTo(1);
            assertThat(lake.app.get(RenderPreview.class).preview("win-back", someone.get("email").toString())
                    .excludedReason()).isEqualTo("suppressed");
            assertThat(after.rendered()).isEqualTo(before.rendered() - 1);
            assertThat(count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 'after' AND customer_key = '"
                    + someone.get("customer_key") + "'")).isZero();
            assertThat(count(warehouse, "SELECT count(*) FROM render_rejections WHERE send_id = 'after' AND customer_key = '"
                    + someone.get("customer_key") + "' AND reason = 'excluded:suppressed'")).isEqualTo(1);

            // and without the key to match the list, a send is refused, not rendered unchecked
            Files.delete(key);
            assertThatThrownBy(() -> render.run(new RenderService.RenderRequest("win-back", SEND_AT, "nokey", false)))
                    .hasMessageContaining("the privacy key is not set");
            assertThat(count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 'nokey'")).isZero();
        }
    }

    @Test
    void aStaleSnapshotIsRefusedUnlessAllowed() {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBothUpTo(Instant.parse("2026-10-02T00:00:00Z")); // data complete to October
            lake.transform();
            lake.app.get(LoadService.class).run(false, Instant.parse("2026-10-02T00:00:00Z"));
            RenderService render = lake.app.get(RenderService.class);
            assertThatThrownBy(() -> render.run(new RenderService.RenderRequest("abandoned-cart", SEND_AT, "x", false)))
                    .isInstanceOf(RenderService.Refused.class)
                    .hasMessageContaining("older than campaign abandoned-cart's freshness limit of 120 min")
                    .hasMessageContaining("--allow-stale");
            RenderSummary stale = render.run(new RenderService.RenderRequest("abandoned-cart", SEND_AT, "x", true));
            assertThat(stale.staleAllowed()).isTrue();
            assertThat(stale.snapshotAge().toDays()).isGreaterThan(30);
        }
    }

    @Test
    void recommendationsOnlyIncludeProductsInStockAtRenderTime() throws Exception {
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.render.stock-timeout", "5s"))) {
            lake.extractBoth();
            lake.transform();
            lake.app.get(LoadService.class).run(false, null);
            RenderService render = lake.app.get(RenderService.class);
            Warehouse warehouse = lake.app.get(Warehouse.class);
            render.run(new RenderService.RenderRequest("recommendations-newsletter", SEND_AT, "before", false));
            // each recipient's prices in their own locale, in one send: a decimal comma for Polish or German
            // recipients, the US format for US ones
            List<Map<String, Object>> formats = rows(warehouse, """
                    SELECT p.language, p.country, t.tokens['recommended_products'] AS products
                    FROM token_sets t JOIN profiles p USING (customer_key)
                    WHERE t.send_id = 'before' AND t.tokens['recommended_products'] LIKE '%class="price"%'
                      AND (p.language IN ('de', 'pl') OR (p.language = 'en' AND p.country = 'US'))""");
            assertThat(formats).anySatisfy(r -> assertThat(r.get("language")).isIn("de", "pl"))
                    .anySatisfy(r -> assertThat(r.get("language")).isEqualTo("en"));
            assertThat(formats).allSatisfy(r -> assertThat(r.get("products").toString()).containsPattern(
                    r.get("language").equals("en") ? "class=\"price\">\\$[\\d,]+\\.\\d{2}<" : "class=\"price\">[^<]*\\d,\\d{2}[^<]*<"));
            // the product recommended most often, by title in the rendered HTML
            Map<String, Object> top = rows(warehouse, """
                    SELECT p.product_id, p.title, count(*) AS n FROM token_sets t, products p
                    WHERE t.send_id = 'before' AND t.tokens['recommended_products'] LIKE '%>' || p.title || '<%'
                    GROUP BY ALL ORDER BY n DESC, p.product_id LIMIT 1""").get(0);
            assertThat((Long) top.get("n")).isPositive();

            // the renderer's in-memory scoring equals the same scoring in SQL over the warehouse
            CompiledCampaign campaign = render.catalog().compile("recommendations-newsletter");
            Map<String, String> inMemory = warehouse.read(h -> {
                RecipientSelection.variables(h, campaign, Instant.now(), "test", 0, null);
                RecipientSelection.select(h, campaign, List.of(), ConsentRefresh.Refreshed.none(Instant.now()), "true", false,
                        null);
                RecipientRows.Lookups lookups = RecipientRows.Lookups.load(h, campaign.campaign(), Instant.now());
                Map<String, String> ids = new java.util.TreeMap<>();
                try (var statement = h.getConnection().createStatement();
                     var rs = statement.executeQuery(io.sendtime.config.SqlFiles.text("render/recipients_all.sql"))) {
                    RecipientRows rows = new RecipientRows(lookups);
                    while (rs.next()) {
                        Map<String, Object> context = rows.next(rs);
                        ids.put((String) context.get("customer_key"), ((List<?>) context.get("recommendations")).stream()
                                .map(p -> String.valueOf(((Map<?, ?>) p).get("product_id"))).toList().toString());
                    }
                }
                return ids;
            });
            Map<String, String> inSql = new java.util.TreeMap<>();
            rows(warehouse, """
                    WITH bought AS (
                        SELECT DISTINCT oi.customer_key, oi.product_id FROM order_items oi JOIN orders o USING (order_id)
                        WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.customer_key IS NOT NULL
                          AND oi.product_id IS NOT NULL
                    ), scored AS (
                        SELECT b.customer_key, pp.other_product_id AS product_id, sum(pp.orders_together) AS score
                        FROM bought b JOIN product_top_pairs pp USING (product_id)
                        WHERE NOT EXISTS (SELECT 1 FROM bought x WHERE x.customer_key = b.customer_key
                                                                   AND x.product_id = pp.other_product_id)
                        GROUP BY ALL
                    )
                    SELECT s.customer_key, list_slice(list(s.product_id ORDER BY s.score DESC, s.product_id), 1, 5)::VARCHAR AS ids
                    FROM scored s JOIN products p ON p.product_id = s.product_id AND NOT p.is_deleted AND p.stock > 0
                    GROUP BY s.customer_key""").forEach(r -> inSql.put((String) r.get("customer_key"), (String) r.get("ids")));
            assertThat(inMemory.values().stream().filter(v -> !v.equals("[]")).count()).isGreaterThan(10);
            inMemory.forEach((customer, ids) -> assertThat(ids).as(customer).isEqualTo(inSql.getOrDefault(customer, "[]")));

            // when the shop sells out of it just before the send (the API says so; the lake does not know yet)
            String json = Files.readAllLines(Path.of("..", "data-samples", "commerce", "products.jsonl")).stream()
                    .filter(l -> l.startsWith("{\"id\":" + top.get("product_id") + ","))
                    .findFirst().orElseThrow().replaceAll("\"inventory_quantity\":\\d+", "\"inventory_quantity\":0");
            lake.apis.store().inject(io.sendtime.samples.Entity.PRODUCTS, Instant.now(), top.get("product_id").toString(), json);
            RenderSummary after = render.run(new RenderService.RenderRequest("recommendations-newsletter", SEND_AT, "after", false));

            assertThat(after.stockSource()).isEqualTo("api");
            assertThat(count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 'after'"
                    + " AND tokens['recommended_products'] LIKE '%>" + top.get("title") + "<%'")).isZero();
            assertThat(count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 'after'")).isPositive();
        }
    }

    private static List<String> keys(Warehouse warehouse, String sql) {
        return warehouse.read(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    static long count(Warehouse warehouse, String sql) {
        return warehouse.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static List<Map<String, Object>> rows(Warehouse warehouse, String sql) {
        return warehouse.read(h -> h.createQuery(sql).mapToMap().list());
    }
}
