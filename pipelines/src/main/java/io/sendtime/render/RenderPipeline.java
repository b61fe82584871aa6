package io.sendtime.render;

import io.sendtime.config.SqlFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Streams the eligible recipients (render_recipients, sql/render/recipients.sql) through a campaign's
 * templates and appends the results to the temp table {@code render_staging}: customer_key, email,
 * variant, rejection, and the tokens as one JSON object (written by the render threads; publish.sql
 * makes it a MAP once). Batches overlap: while the render threads work on one batch, this thread
 * appends the previous one and reads the next.
 */
final class RenderPipeline {

    static final int BATCH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompiledCampaign campaign;
    private final int threads;

    RenderPipeline(CompiledCampaign campaign, int threads) {
        this.campaign = campaign;
        this.threads = threads;
    }

    /** A rendered recipient and its tokens as a JSON object (in the campaign's token order), made on a render thread. */
    private record Staged(RenderedRecipient recipient, String tokensJson) {}

    RenderCounts run(Connection connection, RecipientRows.Lookups lookups) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/staging.sql"));
        }
        RenderCounts counts = new RenderCounts();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(SqlFiles.text("render/recipients_all.sql"));
             DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                     .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_staging")) {
            RecipientRows rows = new RecipientRows(lookups);
            List<Object[]> batch = read(rs, rows, counts);
            List<Object[]> inFlightBatch = null;
            ForkJoinTask<List<Staged>> inFlight = null;
            while (!batch.isEmpty() || inFlight != null) {
                List<Object[]> todo = batch;
                ForkJoinTask<List<Staged>> next = todo.isEmpty() ? null
                        : pool.submit(() -> todo.parallelStream().map(row -> stage(campaign.render(rows.context(row)))).toList());
                if (inFlight != null) {
                    long w0 = System.nanoTime();
                    List<Staged> done = inFlight.get();
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

    private static Staged stage(RenderedRecipient r) {
        return new Staged(r, tokensJson(r));
    }

    /** A rendered recipient's tokens as the JSON object token_sets and the export hold (null when rejected). */
    static String tokensJson(RenderedRecipient r) {
        try {
            return r.rejected() ? null : JSON.writeValueAsString(r.tokens());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the tokens of " + r.customerKey() + " as JSON", e);
        }
    }

    private static void append(DuckDBAppender appender, List<Object[]> recipients, List<Staged> done,
                               RenderCounts counts) throws SQLException {
        for (int i = 0; i < done.size(); i++) {
            RenderedRecipient r = done.get(i).recipient();
            Object email = recipients.get(i)[RecipientRows.EMAIL];
            appender.beginRow().append(r.customerKey());
            text(appender, email == null ? null : email.toString());
            text(appender, r.variant());
            text(appender, r.rejection());
            text(appender, done.get(i).tokensJson());
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
