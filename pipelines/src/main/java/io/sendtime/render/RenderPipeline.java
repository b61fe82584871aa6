package io.sendtime.render;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.Collectors;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import io.sendtime.warehouse.SqlScript;

/**
 * Streams the eligible recipients (render_recipients, sql/render/audience.sql) through a campaign's
 * templates and appends the results to the temp table {@code render_staging}: customer_key, email,
 * variant, rejection, then one VARCHAR column per token ({@code t1 ... tN}, in the campaign's order);
 * {@link #tokenMap} turns those into the tokens MAP in SQL. Batches overlap: while the render threads
 * work on one batch, this thread appends the previous one and reads the next.
 */
final class RenderPipeline {

    static final int BATCH = 2048;

    private final CompiledCampaign campaign;
    private final int threads;

    RenderPipeline(CompiledCampaign campaign, int threads) {
        this.campaign = campaign;
        this.threads = threads;
    }

    /** The SQL expression building the tokens MAP from the staging table's token columns. */
    static String tokenMap(Campaign campaign) {
        List<Campaign.Token> tokens = campaign.tokens();
        StringBuilder keys = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            keys.append(i == 0 ? "" : ", ").append('\'').append(tokens.get(i).name().replace("'", "''")).append('\'');
            values.append(i == 0 ? "" : ", ").append('t').append(i + 1);
        }
        return "MAP([" + keys + "]::VARCHAR[], [" + values + "]::VARCHAR[])";
    }

    RenderCounts run(Connection connection) throws Exception {
        int tokens = campaign.campaign().tokens().size();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE render_staging (customer_key VARCHAR, email VARCHAR, variant VARCHAR,"
                    + " rejection VARCHAR" + java.util.stream.IntStream.rangeClosed(1, tokens)
                    .mapToObj(i -> ", t" + i + " VARCHAR").collect(Collectors.joining()) + ")");
        }
        RenderCounts counts = new RenderCounts();
        RecipientRows.Lookups lookups = RecipientRows.Lookups.load(connection);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM render_recipients");
             DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                     .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_staging")) {
            RecipientRows rows = new RecipientRows(lookups);
            List<Object[]> batch = read(rs, rows, counts);
            List<Object[]> inFlightBatch = null;
            ForkJoinTask<List<RenderedRecipient>> inFlight = null;
            while (!batch.isEmpty() || inFlight != null) {
                List<Object[]> todo = batch;
                ForkJoinTask<List<RenderedRecipient>> next = todo.isEmpty() ? null
                        : pool.submit(() -> todo.parallelStream().map(row -> campaign.render(rows.context(row))).toList());
                if (inFlight != null) {
                    long w0 = System.nanoTime();
                    List<RenderedRecipient> done = inFlight.get();
                    long w1 = System.nanoTime();
                    append(appender, inFlightBatch, done, counts);
                    counts.renderWaitNanos += w1 - w0;
                    counts.appendNanos += System.nanoTime() - w1;
                }
                inFlight = next;
                inFlightBatch = todo;
                batch = next == null ? List.of() : read(rs, rows, counts);
            }
            appender.flush();
        } finally {
            pool.shutdownNow();
        }
        return counts;
    }

    private static List<Object[]> read(ResultSet rs, RecipientRows rows, RenderCounts counts) throws SQLException {
        long t0 = System.nanoTime();
        List<Object[]> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && rs.next()) {
            batch.add(rows.read(rs));
        }
        counts.readNanos += System.nanoTime() - t0;
        return batch;
    }

    private void append(DuckDBAppender appender, List<Object[]> recipients, List<RenderedRecipient> done,
                        RenderCounts counts) throws SQLException {
        List<Campaign.Token> tokens = campaign.campaign().tokens();
        for (int i = 0; i < done.size(); i++) {
            RenderedRecipient r = done.get(i);
            Object email = recipients.get(i)[RecipientRows.EMAIL];
            appender.beginRow().append(r.customerKey());
            text(appender, email == null ? null : email.toString());
            text(appender, r.variant());
            if (r.rejected()) {
                appender.append(r.rejection());
                for (int t = 0; t < tokens.size(); t++) {
                    appender.appendNull();
                }
            } else {
                appender.appendNull();
                for (Campaign.Token token : tokens) {
                    text(appender, r.tokens().get(token.name()));
                }
            }
            appender.endRow();
            counts.add(r);
        }
    }

    private static void text(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }
}
