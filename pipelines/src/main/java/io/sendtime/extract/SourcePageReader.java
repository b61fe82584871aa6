package io.sendtime.extract;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import io.sendtime.source.Page;
import io.sendtime.source.RestSourceClient;

/**
 * Reads one entity of a source page by page inside its {@link ExtractWindow}. Its checkpoint is the
 * token of the next page to hand out, saved with every committed chunk, so a restart resumes from
 * the last committed page. While chunks are being converted and written, the following pages are already
 * being fetched, one after the other, up to {@code prefetchPages} pages ahead (never checkpointed before they
 * are handed out: a restart fetches them again). A failed fetch fails the read of that page, not earlier, so the
 * chunks before it commit as they would without prefetching.
 */
public class SourcePageReader implements ItemStreamReader<SourcePage> {

    static final String NEXT_TOKEN = "reader.nextPageToken";
    static final String PAGES = "reader.pages";
    static final String DONE = "reader.done";

    /** What the prefetcher hands over: a page, or the failure that ended its walk. */
    private record Fetched(Page page, RuntimeException failure) {}

    private final RestSourceClient client;
    private final String entity;
    private final ExtractWindow window;
    private final int prefetchPages;
    private final ExecutorService prefetcher;
    private String nextToken;
    private int pages;
    private boolean done;
    /** Fetches ahead: a permit per page fetched (or being fetched) and not yet handed out. */
    private Semaphore ahead;
    private BlockingQueue<Fetched> fetched;
    private Future<?> walk;

    public SourcePageReader(RestSourceClient client, String entity, ExtractWindow window) {
        this(client, entity, window, 1);
    }

    /** @param prefetchPages pages fetched ahead of the one being handed out, at most (at least 1) */
    public SourcePageReader(RestSourceClient client, String entity, ExtractWindow window, int prefetchPages) {
        this.client = client;
        this.entity = entity;
        this.window = window;
        this.prefetchPages = Math.max(1, prefetchPages);
        this.prefetcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "prefetch-" + entity);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void open(ExecutionContext context) {
        nextToken = context.containsKey(NEXT_TOKEN) ? context.getString(NEXT_TOKEN) : null;
        pages = context.containsKey(PAGES) ? context.getInt(PAGES) : 0;
        done = context.containsKey(DONE) && Boolean.parseBoolean(context.getString(DONE));
    }

    @Override
    public SourcePage read() {
        if (done) {
            return null;
        }
        if (walk == null) {
            startWalk(nextToken);
        }
        Fetched next;
        try {
            next = fetched.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a page of " + entity, e);
        }
        if (next.failure() != null) {
            walk = null; // the walk ended with this failure; a later read starts again from the same token
            throw next.failure();
        }
        ahead.release();
        Page page = next.page();
        pages++;
        nextToken = page.nextPageToken();
        done = nextToken == null;
        return new SourcePage(pages, page.records(), Instant.now(), page.httpAttempts());
    }

    /** Fetches page after page from {@code token} on the prefetch thread, at most {@code prefetchPages} ahead. */
    private void startWalk(String token) {
        Semaphore permits = new Semaphore(prefetchPages);
        BlockingQueue<Fetched> queue = new LinkedBlockingQueue<>();
        ahead = permits;
        fetched = queue;
        walk = prefetcher.submit(() -> {
            String from = token;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    permits.acquire();
                    Page page;
                    try {
                        page = client.fetchPage(entity, window.from(), window.to(), from);
                    } catch (RuntimeException e) {
                        queue.add(new Fetched(null, e));
                        return;
                    }
                    queue.add(new Fetched(page, null));
                    from = page.nextPageToken();
                    if (from == null) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void update(ExecutionContext context) {
        if (nextToken != null) {
            context.putString(NEXT_TOKEN, nextToken);
        } else {
            context.remove(NEXT_TOKEN);
        }
        context.putInt(PAGES, pages);
        context.putString(DONE, Boolean.toString(done));
    }

    @Override
    public void close() {
        if (walk != null) {
            walk.cancel(true);
            walk = null;
        }
        prefetcher.shutdownNow();
    }
}
