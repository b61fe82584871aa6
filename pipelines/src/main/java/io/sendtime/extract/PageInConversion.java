package io.sendtime.extract;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A page handed to {@link ParallelPageConversion} as soon as it was read, so that it converts while the next pages
 * are fetched (and while its JSON is still in the cache); the chunk's writer waits for it in page order.
 *
 * @param number    the page's number in the walk ({@link SourcePage#number()})
 * @param converted the page once converted (and parsed, when its body came unparsed)
 */
public record PageInConversion(int number, Future<ConvertedPage> converted) {

    /** Records on the page as fetched, once it converted (0 before, or when it failed). */
    public int records() {
        if (!converted.isDone() || converted.isCancelled()) {
            return 0;
        }
        try {
            return converted.get().read();
        } catch (ExecutionException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
