package io.sendtime.extract;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import com.fasterxml.jackson.databind.JsonNode;

import io.sendtime.source.Page;
import io.sendtime.source.RestSourceClient;
import io.sendtime.source.UnparsedPage;

/**
 * Reads one entity of a source page by page inside its {@link ExtractWindow}. Its checkpoint is the
 * token of the next page to hand out, saved with every committed chunk, so a restart resumes from
 * the last committed page. While chunks are being converted and written, the following pages are already
 * being fetched, one after the other, up to {@code prefetchPages} pages ahead (never checkpointed before they
 * are handed out: a restart fetches them again). A failed fetch fails the read of that page, not earlier, so the
 * chunks before it commit as they would without prefetching. A page becomes what the step reads as soon as it is
 * fetched ({@code handOver}, on the prefetch thread: the extract starts converting it), so the pages fetched ahead
 * convert while the step writes the chunk before them. When the answer's Link header names the next page ({@link
 * RestSourceClient#parsesLater}), a page is handed over as received and parsed by the thread that converts it: the
 * prefetch thread only asks, and the pages parse on all the conversion threads.
 */
public class SourcePageReader<T> implements ItemStreamReader<T> {

    static final String NEXT_TOKEN = "reader.nextPageToken";
    static final String PAGES = "reader.pages";
    static final String DONE = "reader.done";

    /**
     * What the prefetcher hands over: a page as {@code handOver} made it, and the token of the page after it; or the
     * failure that ended its walk.
     */
    private record Fetched<T>(T page, String nextToken, RuntimeException failure) {}

    private final RestSourceClient client;
    private final String entity;
    private final ExtractWindow window;
    private final int prefetchPages;
    private final Function<SourcePage, T> handOver;
    private final ExecutorService prefetcher;
    private String nextToken;
    private int pages;
    private boolean done;
    /** Fetches ahead: a permit per page fetched (or being fetched) and not yet handed out. */
    private Semaphore ahead;
    private BlockingQueue<Fetched<T>> fetched;
    private Future<?> walk;

    /**
     * @param prefetchPages pages fetched ahead of the one being handed out, at most (at least 1)
     * @param handOver      what a page becomes as soon as it is fetched, on the prefetch thread: the extract starts
     *                      converting it there ({@link ParallelPageConversion#start}), so the pages fetched ahead
     *                      convert while the step writes the chunk before them
     */
    public SourcePageReader(RestSourceClient client, String entity, ExtractWindow window, int prefetchPages,
                            Function<SourcePage, T> handOver) {
        this.client = client;
        this.entity = entity;
        this.window = window;
        this.prefetchPages = Math.max(1, prefetchPages);
        this.handOver = handOver;
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
    public T read() {
        if (done) {
            return null;
        }
        if (walk == null) {
            startWalk(nextToken);
        }
        Fetched<T> next;
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
        pages++;
        nextToken = next.nextToken();
        done = nextToken == null;
        return next.page();
    }

    /** Fetches page after page from {@code token} on the prefetch thread, at most {@code prefetchPages} ahead. */
    private void startWalk(String token) {
        Semaphore permits = new Semaphore(prefetchPages);
        BlockingQueue<Fetched<T>> queue = new LinkedBlockingQueue<>();
        int handedOut = pages;
        ahead = permits;
        fetched = queue;
        boolean parseLater = client.parsesLater(entity);
        walk = prefetcher.submit(() -> {
            String from = token;
            int number = handedOut;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    permits.acquire();
                    Fetched<T> page;
                    try {
                        page = parseLater ? unparsed(++number, from) : parsed(++number, from);
                    } catch (RuntimeException e) {
                        queue.add(new Fetched<>(null, null, e));
                        return;
                    }
                    queue.add(page);
                    from = page.nextToken();
                    if (from == null) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The page of {@code token}, parsed on this thread (a source whose next page is named in the body). */
    private Fetched<T> parsed(int number, String token) {
        Page page = client.fetchPage(entity, window.from(), window.to(), token);
        return new Fetched<>(handOver.apply(new SourcePage(number, page.records(), Instant.now(), page.httpAttempts())),
                page.nextPageToken(), null);
    }

    /**
     * The page of {@code token} as received, parsed by whichever thread converts it: this thread asks for the next
     * page at once (its Link header named it).
     */
    private Fetched<T> unparsed(int number, String token) {
        UnparsedPage page = client.fetchUnparsed(entity, window.from(), window.to(), token);
        Supplier<List<JsonNode>> records = () -> client.records(entity, window.from(), window.to(), token, page);
        return new Fetched<>(handOver.apply(new SourcePage(number, records, Instant.now(), page.httpAttempts())),
                page.nextPageToken(), null);
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
