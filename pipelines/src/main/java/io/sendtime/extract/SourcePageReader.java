package io.sendtime.extract;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import io.sendtime.source.Page;
import io.sendtime.source.RestSourceClient;

/**
 * Reads one entity of a source page by page inside its {@link ExtractWindow}. Its checkpoint is the
 * token of the next page to hand out, saved with every committed chunk, so a restart resumes from
 * the last committed page. While a chunk is being converted and written, the next page is already
 * being fetched (one page ahead, never checkpointed before it is handed out).
 */
public class SourcePageReader implements ItemStreamReader<SourcePage> {

    static final String NEXT_TOKEN = "reader.nextPageToken";
    static final String PAGES = "reader.pages";
    static final String DONE = "reader.done";

    private final RestSourceClient client;
    private final String entity;
    private final ExtractWindow window;
    private final ExecutorService prefetcher;
    private String nextToken;
    private int pages;
    private boolean done;
    private CompletableFuture<Page> ahead;
    private String aheadToken;

    public SourcePageReader(RestSourceClient client, String entity, ExtractWindow window) {
        this.client = client;
        this.entity = entity;
        this.window = window;
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
        Page page = take(nextToken);
        pages++;
        nextToken = page.nextPageToken();
        done = nextToken == null;
        if (!done) {
            String token = nextToken;
            aheadToken = token;
            ahead = CompletableFuture.supplyAsync(() -> client.fetchPage(entity, window.from(), window.to(), token),
                    prefetcher);
        }
        return new SourcePage(pages, page.records(), Instant.now(), page.httpAttempts());
    }

    private Page take(String token) {
        if (ahead != null && java.util.Objects.equals(aheadToken, token)) {
            CompletableFuture<Page> pending = ahead;
            ahead = null;
            try {
                return pending.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }
        return client.fetchPage(entity, window.from(), window.to(), token);
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
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
        prefetcher.shutdownNow();
    }
}
