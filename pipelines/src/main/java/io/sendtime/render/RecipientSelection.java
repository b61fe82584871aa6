package io.sendtime.render;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.warehouse.SqlScript;

/**
 * Selects the recipients of a send into temp tables of the handle's connection (sql/render/): the
 * render's products with refreshed stock, the audience with the consent and suppression verdicts
 * ({@code render_audience}), what they bought (only when a template reads {@code $recommendations}: the
 * renderer's {@link Recommender} scores them), and {@code render_recipients}, the context values the
 * renderer reads.
 */
final class RecipientSelection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecipientSelection() {}

    /**
     * Binds the send's inputs as DuckDB variables (sql/render/variables.sql).
     *
     * @param onlyCustomer a preview's one customer, in the audience or not; null for a send
     */
    static void variables(Handle h, CompiledCampaign campaign, Instant renderAt, String sendId, long snapshotVersion,
                          String onlyCustomer) {
        Map<String, Object> values = new HashMap<>();
        values.put("renderAt", Timestamp.from(renderAt));
        values.put("campaignId", campaign.campaign().id());
        values.put("sendId", sendId);
        values.put("snapshotVersion", snapshotVersion);
        values.put("campaignSegments", json(campaign.campaign().segments()));
        values.put("onlyCustomer", onlyCustomer);
        SqlScript.load("render/variables.sql").run(h, Map.of(), values);
    }

    /**
     * The recipients, after {@link #variables}; {@code everyone} keeps recipients a send would exclude
     * (preview).
     */
    static void select(Handle h, CompiledCampaign campaign, List<ProductRefresh.Stock> stock, boolean everyone)
            throws SQLException {
        select(h, campaign, stock, ConsentRefresh.Refreshed.none(Instant.now()), sqlFilter(campaign.campaign()),
                everyone, null);
    }

    /**
     * Like {@link #select(Handle, CompiledCampaign, List, boolean)}, with consent as the sources stated it just
     * now, another SQL filter than the campaign's, and the recipients whose address {@code suppressed} matches
     * excluded (null: none).
     */
    static void select(Handle h, CompiledCampaign campaign, List<ProductRefresh.Stock> stock,
                       ConsentRefresh.Refreshed consent, String sqlFilter, boolean everyone,
                       Predicate<String> suppressed) throws SQLException {
        String eligible = everyone ? "true" : "excluded_reason IS NULL";
        stage(h, stock);
        consent(h, consent);
        ContextFields fields = everyone ? ContextFields.all() : ContextFields.all().keeping(campaign.contextKeys());
        Set<String> columns = audienceColumns(fields);
        String featureArguments = (everyone ? FeatureParts.ALL : FeatureParts.of(h, sqlFilter, columns)).bind(h);
        SqlScript.load("render/audience.sql").run(h, Map.of("sql_filter", sqlFilter,
                "audience_columns", everyone ? "*" : String.join(", ", columns), "feature_arguments", featureArguments));
        if (suppressed != null) {
            exclude(h, suppressed);
        }
        if (campaign.uses("recommendations")) {
            SqlScript.load("render/bought.sql").run(h, Map.of("eligible", eligible));
        }
        SqlScript.load("render/recipients.sql").run(h, Map.of("eligible", eligible,
                "template_context", fields.expression()));
    }

    /** The columns of render_audience a send keeps: audience_columns.sql's, and those the context's fields read. */
    private static Set<String> audienceColumns(ContextFields fields) {
        Set<String> columns = new LinkedHashSet<>();
        for (String column : SqlScript.load("render/audience_columns.sql").statements(Map.of()).get(0).split(",")) {
            columns.add(column.strip());
        }
        columns.addAll(fields.columns());
        return columns;
    }

    /** Recipients the send excludes, by reason. */
    static Map<String, Long> excluded(Handle h) {
        Map<String, Long> out = new TreeMap<>();
        h.createQuery(SqlFiles.text("render/excluded.sql")).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Whether the one recipient a preview selected is in the campaign's audience. */
    static boolean inAudience(Handle h, CompiledCampaign campaign) {
        return h.createQuery(SqlScript.load("render/in_audience.sql")
                        .statements(Map.of("sql_filter", sqlFilter(campaign.campaign()))).get(0))
                .mapTo(Long.class).one() > 0;
    }

    /** The campaign's audience.sql_filter: one boolean SQL expression the operator wrote, or true. */
    static String sqlFilter(Campaign campaign) {
        String filter = campaign.sqlFilter();
        if (filter == null) {
            return "true";
        }
        if (filter.contains(";") || filter.contains("--")) {
            throw new TemplateException(campaign.id() + ": audience.sql_filter is one boolean expression (no ';' or '--')");
        }
        return filter;
    }

    /** Marks the eligible recipients whose address is on the suppression list as excluded (suppressed). */
    private static void exclude(Handle h, Predicate<String> suppressed) throws SQLException {
        List<String> keys = h.createQuery(SqlFiles.text("render/eligible_emails.sql"))
                .map((rs, ctx) -> suppressed.test(rs.getString(2)) ? rs.getString(1) : null)
                .filter(java.util.Objects::nonNull).list();
        markSuppressed(h.getConnection(), keys);
    }

    /** Marks these recipients (customer keys) excluded (suppressed) in render_audience; nothing when there are none. */
    static void markSuppressed(java.sql.Connection connection, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (java.sql.Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/suppressed.sql"));
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_suppressed")) {
            for (String key : keys) {
                appender.beginRow().append(key).endRow();
            }
        }
        try (java.sql.Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/suppress.sql"));
        }
    }

    /**
     * Decides the consent of everyone the sources just made a statement about (sql/render/consent*.sql, the
     * one conflict rule of sql/consent/history.sql) into {@code render_consent}.
     */
    private static void consent(Handle h, ConsentRefresh.Refreshed consent) throws SQLException {
        SqlScript.load("render/consent_records.sql").run(h, Map.of(),
                Map.of("subscriptionChannels", json(consent.channels())));
        if (consent.records() == 0) {
            return;
        }
        try (DuckDBAppender appender = h.getConnection().unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_consent_records")) {
            for (ConsentRefresh.Records entity : consent.entities()) {
                for (String record : entity.records()) {
                    appender.beginRow().append(entity.source()).append(entity.entity()).append(record).endRow();
                }
            }
        }
        for (ConsentRefresh.Records entity : consent.entities()) {
            String rule = "render/consent/" + entity.entity() + ".sql";
            if (!SqlScript.exists(rule)) {
                throw new IllegalStateException("sendtime.consent.refresh: no consent rule for " + entity.source() + " "
                        + entity.entity() + " (sql/" + rule + ")");
            }
            SqlScript.load(rule).run(h, Map.of(), Map.of("source", entity.source()));
        }
        SqlScript.load("render/consent.sql").run(h, Map.of());
        SqlScript.load("consent/history.sql").run(h, Map.of());
        SqlScript.load("render/consent_current.sql").run(h, Map.of());
    }

    private static void stage(Handle h, List<ProductRefresh.Stock> stock) throws SQLException {
        SqlScript.load("render/stock.sql").run(h, Map.of());
        try (DuckDBAppender appender = h.getConnection().unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_stock")) {
            for (ProductRefresh.Stock s : stock) {
                appender.beginRow().append(s.productId()).append(s.priceMinor()).append(s.stock()).endRow();
            }
        }
        try (DuckDBAppender appender = h.getConnection().unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_stock_prices")) {
            for (ProductRefresh.Stock s : stock) {
                for (io.sendtime.model.ProductPricing.Offer o : s.prices()) {
                    appender.beginRow().append(s.productId()).append(o.currency()).append(o.priceMinor()).endRow();
                }
            }
        }
    }

    private static String json(Object values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
