package io.sendtime.render;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;

import io.sendtime.warehouse.SqlScript;

/**
 * Selects the recipients of a send into temp tables of the handle's connection (sql/render/): the
 * render's products with refreshed stock, the audience with the consent and suppression verdicts
 * ({@code render_audience}), what they bought (only when a template reads {@code $recommendations}: the
 * renderer's {@link Recommender} scores them), and {@code render_recipients}, the context values the
 * renderer reads.
 */
final class RecipientSelection {

    private RecipientSelection() {}

    /**
     * {@code render_at} must be set (SET VARIABLE); {@code audienceFilter} and {@code sqlFilter} are SQL
     * conditions on the features {@code f}; {@code everyone} keeps recipients a send would exclude (preview).
     */
    static void select(Handle h, CompiledCampaign campaign, List<ProductRefresh.Stock> stock, String audienceFilter,
                       String sqlFilter, boolean everyone) throws SQLException {
        String eligible = everyone ? "true" : "excluded_reason IS NULL";
        stage(h, stock);
        SqlScript.load("render/audience.sql").run(h, Map.of("segment_filter", audienceFilter, "sql_filter", sqlFilter));
        if (campaign.uses("recommendations")) {
            SqlScript.load("render/bought.sql").run(h, Map.of("eligible", eligible));
        }
        SqlScript.load("render/recipients.sql").run(h, Map.of("eligible", eligible));
    }

    private static void stage(Handle h, List<ProductRefresh.Stock> stock) throws SQLException {
        h.execute("CREATE OR REPLACE TEMP TABLE render_stock (product_id BIGINT, price_minor BIGINT, stock BIGINT)");
        try (DuckDBAppender appender = h.getConnection().unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_stock")) {
            for (ProductRefresh.Stock s : stock) {
                appender.beginRow().append(s.productId()).append(s.priceMinor()).append(s.stock()).endRow();
            }
        }
    }
}
