package io.sendtime.extract;

import java.util.function.Consumer;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.stereotype.Component;

/**
 * Reports every committed chunk of every entity to whoever shows progress: a progress bar on a
 * terminal, periodic log lines otherwise (see the CLI). Records only counts, never record content.
 */
@Component
public class ExtractProgress implements ChunkListener<PageInConversion, PageInConversion> {

    /** One committed chunk of one entity. */
    public record ChunkDone(String entity, int records, int pages) {}

    private volatile Consumer<ChunkDone> sink = chunk -> { };

    public void reportTo(Consumer<ChunkDone> newSink) {
        this.sink = newSink;
    }

    @Override
    public void afterChunk(Chunk<PageInConversion> chunk) {
        var context = StepSynchronizationManager.getContext();
        String entity = context == null ? "?" : context.getStepExecution().getExecutionContext().getString("entity", "?");
        int records = 0;
        for (PageInConversion page : chunk) {
            records += page.records();
        }
        sink.accept(new ChunkDone(entity, records, chunk.size()));
    }
}
