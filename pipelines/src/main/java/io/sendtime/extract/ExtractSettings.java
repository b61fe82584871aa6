package io.sendtime.extract;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.extract}: how open-ended runs bound themselves and how work is chunked.
 *
 * @param safetyLag        an open-ended run reads up to now minus this, so records still being
 *                         committed at the source are not skipped
 * @param pagesPerChunk    pages per transaction, checkpoint and raw file
 * @param parallelEntities entities of one source extracted at once (the partitions: an entity read in time slices is
 *                         one a slice)
 * @param conversionThreads threads converting the pages of one entity's chunk at once (0: one per core); the
 *                          chunk's file, counters and checkpoint are the same as with one thread
 * @param prefetchPages     pages of one entity fetched ahead of the one being handed out, at most (0: 1); never
 *                          checkpointed. A chunk's worth lets the next chunk be fetched while one is converted and
 *                          written, at the cost of holding those pages' JSON in the heap
 */
@ConfigurationProperties("sendtime.extract")
public record ExtractSettings(Duration safetyLag, int pagesPerChunk, int parallelEntities, int conversionThreads,
                              int prefetchPages) {

    public ExtractSettings {
        safetyLag = safetyLag == null ? Duration.ofSeconds(30) : safetyLag;
        pagesPerChunk = pagesPerChunk <= 0 ? 20 : pagesPerChunk;
        parallelEntities = parallelEntities <= 0 ? 2 : parallelEntities;
        conversionThreads = conversionThreads <= 0 ? Runtime.getRuntime().availableProcessors() : conversionThreads;
        prefetchPages = prefetchPages <= 0 ? 1 : prefetchPages;
    }
}
