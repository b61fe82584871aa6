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


/**
 * Streams the eligible recipients (render_recipients, sql/render/recipients.sql) through a campaign's
 * templates: each rendered recipient is written once, into the send's export ({@link ExportFiles}, from which
 * publish.sql loads the token sets); each rejected one is appended to the temp table {@code render_staging}
 * (customer_key, email, variant, rejection). The render threads ask the suppression list about each recipient first
 * ({@link SuppressionCheck}): one on it is not rendered, and is excluded (suppressed) in render_audience once the
 * stream ends (sql/render/suppress.sql). Batches overlap: while the render threads work on one batch, this thread
 * writes the previous one and reads the next.
 */
final class RenderPipeline {

    static final int BATCH = 2048;

    private final CompiledCampaign campaign;
    private final int threads;
    private final SuppressionCheck suppressions;

    RenderPipeline(CompiledCampaign campaign, int threads, SuppressionCheck suppressions) {
        this.campaign = campaign;
        this.threads = threads;
        this.suppressions = suppressions;
    }

    RenderCounts run(Connection connection, RecipientRows.Lookups lookups, ExportFiles export) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/staging.sql"));
        }
        RenderCounts counts = new RenderCounts();
        List<String> suppressed = new ArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(threads);
        long query = System.nanoTime();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(SqlFiles.text("render/recipients_all.sql"));
             DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                     .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_staging")) {
            counts.readNanos += System.nanoTime() - query; // the contexts made (render_recipients is a view)
            RecipientRows rows = new RecipientRows(lookups);
            List<Object[]> batch = read(rs, rows, counts);
            List<Object[]> inFlightBatch = null;
            ForkJoinTask<List<RenderedRecipient>> inFlight = null;
            while (!batch.isEmpty() || inFlight != null) {
                List<Object[]> todo = batch;
                ForkJoinTask<List<RenderedRecipient>> next = todo.isEmpty() ? null
                        : pool.submit(() -> todo.parallelStream().map(row -> render(rows, row)).toList());
                if (inFlight != null) {
                    long w0 = System.nanoTime();
                    List<RenderedRecipient> done = inFlight.get();
                    long w1 = System.nanoTime();
                    write(appender, export, inFlightBatch, done, counts, suppressed);
                    counts.renderWaitNanos += w1 - w0;
                    counts.writeNanos += System.nanoTime() - w1;
                }
                inFlight = next;
                inFlightBatch = todo;
                batch = next == null ? List.of() : read(rs, rows, counts);
            }
            appender.flush();
        } finally {
            pool.shutdownNow();
        }
        RecipientSelection.markSuppressed(connection, suppressed);
        return counts;
    }

    /** The recipient rendered, or null when their address is on the suppression list. */
    private RenderedRecipient render(RecipientRows rows, Object[] row) {
        Object email = row[RecipientRows.EMAIL];
        if (suppressions.suppressed(email == null ? null : email.toString())) {
            return null;
        }
        return campaign.render(rows.context(row));
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

    private static void write(DuckDBAppender appender, ExportFiles export, List<Object[]> recipients,
                              List<RenderedRecipient> done, RenderCounts counts, List<String> suppressed)
            throws SQLException {
        for (int i = 0; i < done.size(); i++) {
            RenderedRecipient r = done.get(i);
            Object email = recipients.get(i)[RecipientRows.EMAIL];
            if (r == null) {
                suppressed.add((String) recipients.get(i)[0]);
                continue;
            }
            if (r.rejected()) {
                appender.beginRow().append(r.customerKey());
                text(appender, email == null ? null : email.toString());
                text(appender, r.variant());
                text(appender, r.rejection());
                appender.endRow();
            } else {
                export.write(r, email == null ? null : email.toString());
            }
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
