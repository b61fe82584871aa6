package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.config.SqlFiles;
import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/** A send makes only the context fields its campaign reads, and renders every token as with all of them. */
class ContextFieldsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldOfTheTemplateContextAndTheColumnsEachReads() {
        ContextFields all = ContextFields.all();
        assertThat(all.names()).containsExactly("customer_key", "email", "first_name", "last_name", "country", "language",
                "currency", "orders_count", "lifetime_value_minor", "last_order_at", "days_since_last_order",
                "top_categories", "top_categories_by_views", "cart_items", "cart_value_minor", "cart_currency",
                "last_viewed_ids", "bought_ids", "segments", "primary_segment", "engagement_score");
        ContextFields cart = all.keeping(Set.of("cart_items", "first_name", "no_such_field"));
        assertThat(cart.names()).containsExactly("first_name", "cart_items");
        assertThat(cart.columns()).containsExactly("first_name", "cart_items", "cart_currency");
        assertThat(cart.expression()).startsWith("to_json({'first_name': a.first_name, 'cart_items': coalesce(list_transform(")
                .endsWith("})::VARCHAR");
        assertThatThrownBy(() -> ContextFields.parse("to_json({'a': a.a, 'a': a.b})::VARCHAR"))
                .hasMessageContaining("'a': a.b");
        assertThatThrownBy(() -> ContextFields.parse("json_object('a', a.a)")).hasMessageContaining("to_json({");
        assertThat(ContextFields.parse("to_json({'t': concat(a.x, ', ', '{'), 'u': [a.y, a.z]})::VARCHAR").columns())
                .as("commas inside literals and brackets do not split a field").containsExactly("x", "y", "z");
    }

    @Test
    void aCampaignReadsWhatItsTemplatesAndMacrosReferenceAndWhatTheRendererNeeds() throws Exception {
        Path root = TestCampaigns.write(dir.resolve("templates"), "c", """
                name: C
                channel: email
                tokens:
                  - {name: subject, template: subject.vm, required: true}
                  - {name: picks, template: picks.vm, html: true, fallback: ""}
                """, Map.of("subject.vm", "#signoff()", "picks.vm", "#productList($last_viewed 3)"));
        Files.writeString(root.resolve("macros").resolve("signoff.vm"),
                "#macro(signoff)Bye $!last_name, $recommendations.size() picks#end\n");
        CompiledCampaign campaign = new CampaignCatalog(root).compile("c");
        assertThat(campaign.contextKeys()).as("a macro body's own references, the products' sources, the locale and currencies")
                .contains("last_name", "bought_ids", "last_viewed_ids", "customer_key", "language", "country", "currency",
                        "cart_currency")
                .doesNotContain("cart_items", "first_name", "segments");
        assertThat(campaign.uses("recommendations")).as("read only in a macro body: what they bought is selected")
                .isTrue();
    }

    /**
     * Every campaign of templates/, on the loaded sample data: each eligible recipient's tokens from the send's
     * trimmed context are those from every field (a preview's selection, which keeps them all).
     */
    @Test
    void aSendsTrimmedContextsRenderEveryTokenAsAllFieldsDo() throws Exception {
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.render.stock-timeout", "2s",
                "sendtime.consent.refresh-timeout", "2s"))) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            Warehouse warehouse = lake.app.get(Warehouse.class);
            CampaignCatalog catalog = new CampaignCatalog(Path.of("..", "templates"));
            Instant renderAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (String id : catalog.ids()) {
                CompiledCampaign campaign = catalog.compile(id);
                Map<String, Map<String, String>> send = tokens(warehouse, campaign, renderAt, false);
                Map<String, Map<String, String>> everyField = tokens(warehouse, campaign, renderAt, true);
                assertThat(send).as(id).hasSizeGreaterThan(5);
                send.forEach((key, tokens) -> assertThat(tokens).as(id + " " + key).isEqualTo(everyField.get(key)));
            }
            assertThat(ContextFields.all().keeping(catalog.compile("recommendations-newsletter").contextKeys()).names())
                    .as("a shipped campaign that reads few fields makes only those").hasSizeLessThan(12)
                    .contains("bought_ids", "last_viewed_ids", "first_name").doesNotContain("cart_items", "segments");
        }
    }

    /** Each selected recipient's tokens (rejected: their reason), with the send's selection or every field. */
    private static Map<String, Map<String, String>> tokens(Warehouse warehouse, CompiledCampaign campaign,
                                                           Instant renderAt, boolean everyField) throws Exception {
        return warehouse.read(h -> {
            RecipientSelection.variables(h, campaign, renderAt, "t", 0, null);
            RecipientSelection.select(h, campaign, List.of(), ConsentRefresh.Refreshed.none(renderAt),
                    RecipientSelection.sqlFilter(campaign.campaign()), everyField, null);
            RecipientRows rows = new RecipientRows(RecipientRows.Lookups.load(h, campaign.campaign(), renderAt));
            Map<String, Map<String, String>> out = new HashMap<>();
            try (Statement s = h.getConnection().createStatement();
                 ResultSet rs = s.executeQuery(SqlFiles.text("render/recipients_all.sql"))) {
                while (rs.next()) {
                    RenderedRecipient r = campaign.render(rows.next(rs));
                    out.put(r.customerKey(), r.rejected() ? Map.of("rejected", r.rejection()) : r.tokens());
                }
            }
            return out;
        });
    }
}
