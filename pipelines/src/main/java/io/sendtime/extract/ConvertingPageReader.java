package io.sendtime.extract;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The extract step's reader: each page the {@link SourcePageReader} hands out starts converting at once
 * ({@link ParallelPageConversion#start}), while the step reads the next ones; the {@link ConvertingChunkWriter}
 * waits for the chunk's pages in order. What is checkpointed is the page reader's, unchanged: a chunk that did not
 * commit is read and converted again after a restart.
 */
public class ConvertingPageReader implements ItemStreamReader<PageInConversion> {

    private final ItemStreamReader<SourcePage> pages;
    private final ParallelPageConversion conversion;

    public ConvertingPageReader(ItemStreamReader<SourcePage> pages, ParallelPageConversion conversion) {
        this.pages = pages;
        this.conversion = conversion;
    }

    @Override
    public PageInConversion read() throws Exception {
        SourcePage page = pages.read();
        return page == null ? null : conversion.start(page);
    }

    @Override
    public void open(ExecutionContext context) {
        pages.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        pages.update(context);
    }

    @Override
    public void close() {
        pages.close();
    }
}
