package io.sendtime.extract;

import java.time.Instant;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import io.sendtime.source.Page;
import io.sendtime.source.RestSourceClient;

/**
 * Reads one entity of a source page by page inside its {@link ExtractWindow}. Its checkpoint is the
 * token of the next page to fetch, saved with every committed chunk, so a restart resumes from the
 * last committed page.
 */
public class SourcePageReader implements ItemStreamReader<SourcePage> {

    static final String NEXT_TOKEN = "reader.nextPageToken";
    static final String PAGES = "reader.pages";
    static final String DONE = "reader.done";

    private final RestSourceClient client;
    private final String entity;
    private final ExtractWindow window;
    private String nextToken;
    private int pages;
    private boolean done;

    public SourcePageReader(RestSourceClient client, String entity, ExtractWindow window) {
        this.client = client;
        this.entity = entity;
        this.window = window;
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
        Page page = client.fetchPage(entity, window.from(), window.to(), nextToken);
        pages++;
        nextToken = page.nextPageToken();
        done = nextToken == null;
        return new SourcePage(pages, page.records(), Instant.now(), page.httpAttempts());
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
}
