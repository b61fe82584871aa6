package io.sendtime.extract;

import java.util.concurrent.Future;

/**
 * A page handed to {@link ParallelPageConversion} as soon as it was read, so that it converts while the next pages
 * are fetched (and while its JSON is still in the cache); the chunk's writer waits for it in page order.
 *
 * @param number    the page's number in the walk ({@link SourcePage#number()})
 * @param records   records on the page as fetched
 * @param converted the page once converted
 */
public record PageInConversion(int number, int records, Future<ConvertedPage> converted) {}
