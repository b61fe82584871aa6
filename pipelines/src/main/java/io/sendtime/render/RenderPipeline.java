package io.sendtime.render;

import io.sendtime.config.SqlFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;


/**
 * Streams the eligible recipients (render_recipients, sql/render/recipients.sql) through a campaign's
 * templates: each rendered recipient is written once, into the send's export ({@link ExportFiles}, from which
 * publish.sql loads the token sets); each rejected one is appended to the temp table {@code render_staging}
 * (customer_key, rejection) once the stream ends. The render threads ask the suppression list about each recipient
 * first ({@link SuppressionCheck}): one on it is not rendered, and is excluded (suppressed) in render_audience once the
 * stream ends (sql/render/suppress.sql). DuckDB streams the rows (sql/render/stream_results.sql: the contexts are made
 * as they are read, not all made and kept first), so nothing else runs on the connection until they are read: the
 * rejected and suppressed keys wait in memory until then. Batches overlap: while the render threads work on the next
 * batches ({@link #IN_FLIGHT}), this thread writes the oldest one and reads ahead.
 */
final class RenderPipeline {

    /** Recipients per batch by default ({@link RenderSettings#batchSize}). */
    static final int BATCH = 2048;

    /**
     * Batches submitted and not yet written: the render threads always have the next one while this thread writes
     * the oldest and reads ahead (with one, they idled whenever this thread's writing and reading took longer).
     */
    static final int IN_FLIGHT = 3;

    private final CompiledCampaign campaign;
    private final int threads;
    private final SuppressionCheck suppressions;
    private final int batchSize;

    RenderPipeline(CompiledCampaign campaign, int threads, int batchSize, SuppressionCheck suppressions) {
        this.campaign = campaign;
        this.threads = threads;
        this.batchSize = batchSize;
        this.suppressions = suppressions;
    }

    RenderCounts run(Connection connection, RecipientRows.Lookups lookups, ExportFiles export) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/staging.sql"));
        }
        RenderCounts counts = new RenderCounts();
        List<String> suppressed = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(threads);
        long query = System.nanoTime();
        try (Streamed streamed = Streamed.on(connection);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(SqlFiles.text("render/recipients_all.sql"))) {
            counts.readNanos += System.nanoTime() - query; // the contexts made (render_recipients is a view)
            RecipientRows rows = new RecipientRows(lookups);
            Deque<Batch> inFlight = new ArrayDeque<>();
            boolean more = true;
            while (true) {
                while (more && inFlight.size() < IN_FLIGHT) {
                    List<Object[]> batch = read(rs, rows, counts, batchSize);
                    if (batch.isEmpty()) {
                        more = false;
                    } else {
                        inFlight.add(new Batch(batch, pool.submit(
                                () -> batch.parallelStream().map(row -> render(rows, row, export)).toList())));
                    }
                }
                Batch oldest = inFlight.poll();
                if (oldest == null) {
                    break;
                }
                long w0 = System.nanoTime();
                List<Rendered> done = oldest.rendered().get();
                long w1 = System.nanoTime();
                write(export, oldest.rows(), done, counts, suppressed, rejected);
                counts.renderWaitNanos += w1 - w0;
                counts.writeNanos += System.nanoTime() - w1;
            }
        } finally {
            pool.shutdownNow();
        }
        stage(connection, rejected);
        RecipientSelection.markSuppressed(connection, suppressed);
        return counts;
    }

    /** A recipient the render threads rejected, and why ({@link RenderedRecipient#rejection}). */
    private record Rejection(String customerKey, String reason) {}

    /** The connection's results streamed while open (sql/render/stream_results.sql), made whole again when closed. */
    record Streamed(Connection connection) implements AutoCloseable {

        static Streamed on(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute(SqlFiles.text("render/stream_results.sql"));
            }
            return new Streamed(connection);
        }

        @Override
        public void close() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute(SqlFiles.text("render/stream_results_off.sql"));
            }
        }
    }

    private static void stage(Connection connection, List<Rejection> rejected) throws SQLException {
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_staging")) {
            for (Rejection r : rejected) {
                appender.beginRow().append(r.customerKey()).append(r.reason()).endRow();
            }
        }
    }

    /**
     * A recipient rendered, with their row of the export when not rejected (prepared on the render threads: the
     * Parquet record's text in UTF-8 and the JSON line); null when their address is on the suppression list.
     */
    private record Rendered(RenderedRecipient recipient, ExportFiles.Row row) {}

    /** A batch of rows read, and its recipients being rendered. */
    private record Batch(List<Object[]> rows, ForkJoinTask<List<Rendered>> rendered) {}

    private Rendered render(RecipientRows rows, Object[] row, ExportFiles export) {
        String email = (String) row[RecipientRows.EMAIL];
        if (suppressions.suppressed(email)) {
            return null;
        }
        RenderedRecipient r = campaign.render(rows.context(row));
        return new Rendered(r, r.rejected() ? null : export.row(r, email));
    }

    private static List<Object[]> read(ResultSet rs, RecipientRows rows, RenderCounts counts, int batchSize)
            throws SQLException {
        long t0 = System.nanoTime();
        List<Object[]> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rs.next()) {
            batch.add(rows.read(rs));
        }
        counts.readNanos += System.nanoTime() - t0;
        return batch;
    }

    private static void write(ExportFiles export, List<Object[]> recipients, List<Rendered> done, RenderCounts counts,
                              List<String> suppressed, List<Rejection> rejected) {
        for (int i = 0; i < done.size(); i++) {
            Rendered rendered = done.get(i);
            if (rendered == null) {
                suppressed.add((String) recipients.get(i)[0]);
                continue;
            }
            RenderedRecipient r = rendered.recipient();
            if (r.rejected()) {
                rejected.add(new Rejection(r.customerKey(), r.rejection()));
            } else {
                export.write(rendered.row());
            }
            counts.add(r);
        }
    }
}
