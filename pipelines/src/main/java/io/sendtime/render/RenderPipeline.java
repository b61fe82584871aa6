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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;


/**
 * Streams the eligible recipients (render_recipients, sql/render/recipients.sql) through a campaign's
 * templates, in three stages that overlap, batch by batch: this thread reads a batch; the render threads render
 * it, asking the suppression list about each recipient first ({@link SuppressionCheck}); the export thread writes
 * each rendered recipient once into the send's export ({@link ExportFiles}, from which publish.sql loads the token
 * sets), batches in the order read. Rejected recipients are handed back to this thread, the only one that uses the
 * connection, which appends them to the temp table {@code render_staging} (customer_key, email, variant, rejection);
 * recipients on the suppression list are not rendered, and are excluded (suppressed) in render_audience once the
 * stream ends (sql/render/suppress.sql). At most {@value #IN_FLIGHT} rendered batches wait for the export thread.
 */
final class RenderPipeline {

    static final int BATCH = 2048;
    static final int IN_FLIGHT = 4;

    private final CompiledCampaign campaign;
    private final int threads;
    private final SuppressionCheck suppressions;

    RenderPipeline(CompiledCampaign campaign, int threads, SuppressionCheck suppressions) {
        this.campaign = campaign;
        this.threads = threads;
        this.suppressions = suppressions;
    }

    /** What the export thread hands back to the reading thread. */
    private static final class Left {
        final Queue<String[]> rejected = new ConcurrentLinkedQueue<>();
        final List<String> suppressed = new ArrayList<>();
    }

    RenderCounts run(Connection connection, RecipientRows.Lookups lookups, ExportFiles export) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/staging.sql"));
        }
        RenderCounts counts = new RenderCounts();
        Left left = new Left();
        ForkJoinPool pool = new ForkJoinPool(threads);
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "render-export");
            t.setDaemon(true);
            return t;
        });
        long query = System.nanoTime();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(SqlFiles.text("render/recipients_all.sql"));
             DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                     .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_staging")) {
            counts.readNanos += System.nanoTime() - query; // the contexts made (render_recipients is a view)
            RecipientRows rows = new RecipientRows(lookups);
            Deque<Future<?>> writes = new ArrayDeque<>();
            List<Object[]> batch = read(rs, rows, counts);
            while (!batch.isEmpty()) {
                // one batch at a time on the render threads (batches side by side there finish late, all of them),
                // while this thread reads the next and the export thread writes the ones before
                List<Object[]> todo = batch;
                ForkJoinTask<List<RenderedRecipient>> rendering =
                        pool.submit(() -> todo.parallelStream().map(row -> render(rows, row)).toList());
                batch = read(rs, rows, counts);
                long w0 = System.nanoTime();
                List<RenderedRecipient> done = rendering.get();
                if (writes.size() >= IN_FLIGHT) {
                    writes.poll().get();
                }
                counts.renderWaitNanos += System.nanoTime() - w0;
                writes.add(writer.submit(() -> {
                    long t0 = System.nanoTime();
                    write(export, todo, done, counts, left);
                    counts.writeNanos += System.nanoTime() - t0;
                }));
                stage(appender, left.rejected);
            }
            long w0 = System.nanoTime();
            for (Future<?> write : writes) {
                write.get();
            }
            counts.renderWaitNanos += System.nanoTime() - w0;
            stage(appender, left.rejected);
            appender.flush();
        } finally {
            pool.shutdownNow();
            writer.shutdownNow();
            // after a failure the caller abandons the export: no write of an earlier batch may still be running
            writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
        exclude(connection, left.suppressed);
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

    /** Marks the suppressed recipients excluded (suppressed) in render_audience. */
    private static void exclude(Connection connection, List<String> suppressed) throws SQLException {
        if (suppressed.isEmpty()) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/suppressed.sql"));
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "render_suppressed")) {
            for (String key : suppressed) {
                appender.beginRow().append(key).endRow();
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute(SqlFiles.text("render/suppress.sql"));
        }
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

    /** On the export thread: a batch's rendered recipients into the export, the others handed back. */
    private static void write(ExportFiles export, List<Object[]> recipients, List<RenderedRecipient> done,
                              RenderCounts counts, Left left) {
        for (int i = 0; i < done.size(); i++) {
            RenderedRecipient r = done.get(i);
            Object email = recipients.get(i)[RecipientRows.EMAIL];
            String address = email == null ? null : email.toString();
            if (r == null) {
                left.suppressed.add((String) recipients.get(i)[0]);
                continue;
            }
            if (r.rejected()) {
                left.rejected.add(new String[] {r.customerKey(), address, r.variant(), r.rejection()});
            } else {
                export.write(r, address);
            }
            counts.add(r);
        }
    }

    /** The rejected recipients handed back so far, appended to render_staging. */
    private static void stage(DuckDBAppender appender, Queue<String[]> rejected) throws SQLException {
        String[] r;
        while ((r = rejected.poll()) != null) {
            appender.beginRow();
            for (String value : r) {
                if (value == null) {
                    appender.appendNull();
                } else {
                    appender.append(value);
                }
            }
            appender.endRow();
        }
    }
}
