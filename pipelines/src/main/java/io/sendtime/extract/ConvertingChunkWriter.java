package io.sendtime.extract;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * The extract step's writer: waits for a chunk's pages to be converted ({@link ParallelPageConversion}, on several
 * threads, started as the {@link SourcePageReader} fetched them; in page order) and writes them with
 * {@link RawChunkWriter}, inside the chunk's transaction. The checkpoint is still taken only after the whole chunk is
 * written, so a restart redoes exactly the pages of the chunk that did not commit.
 */
public class ConvertingChunkWriter implements ItemStreamWriter<PageInConversion> {

    private final ParallelPageConversion conversion;
    private final RawChunkWriter raw;

    public ConvertingChunkWriter(ParallelPageConversion conversion, RawChunkWriter raw) {
        this.conversion = conversion;
        this.raw = raw;
    }

    @Override
    public void write(Chunk<? extends PageInConversion> chunk) {
        raw.write(new Chunk<>(conversion.await(chunk.getItems())));
    }

    @Override
    public void open(ExecutionContext context) {
        raw.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        raw.update(context);
    }

    @Override
    public void close() {
        try {
            raw.close();
        } finally {
            conversion.close();
        }
    }
}
