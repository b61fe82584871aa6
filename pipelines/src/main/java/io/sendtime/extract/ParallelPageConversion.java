package io.sendtime.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Converts the pages of one chunk on several threads and hands them back in page order, so that the chunk's
 * raw file, its counters and its checkpoint are exactly what one thread converting page after page gives. A page
 * starts converting as soon as it is read ({@link #start}); the chunk's writer waits for its pages ({@link #await}).
 * Each thread has its own {@link PageConverter} (the erasure matcher is for one thread), all made up front. With one thread the
 * pages are converted on the caller's thread, as before. Used by the extract job and by {@code bench extract}'s
 * conversion-alone measurement.
 */
public class ParallelPageConversion implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool;
    private final ThreadLocal<PageConverter> converters;
    private final PageConverter inline;

    /**
     * @param threads    threads converting pages at once (1: the caller's thread only)
     * @param converters makes one converter per thread; all of them must convert alike
     */
    public ParallelPageConversion(int threads, Supplier<PageConverter> converters, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("conversion threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
            this.converters = null;
            this.inline = converters.get();
        } else {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "convert-" + name + "-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            // made here, on the caller's thread (the erasure matcher reads the ledger once), one per pool thread
            var made = new java.util.concurrent.ArrayBlockingQueue<PageConverter>(threads);
            for (int i = 0; i < threads; i++) {
                made.add(converters.get());
            }
            this.converters = ThreadLocal.withInitial(made::remove);
            this.inline = null;
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * {@link #start} of this conversion itself, not of the step scope's proxy of it: for a thread outside the step
     * (the {@link SourcePageReader}'s prefetch thread), where the step scope cannot be resolved.
     */
    public Function<SourcePage, PageInConversion> starter() {
        return this::start;
    }

    /** The converted pages, in the order given; a page's failure is rethrown as it was thrown. */
    public List<ConvertedPage> convert(List<? extends SourcePage> pages) {
        List<PageInConversion> started = new ArrayList<>(pages.size());
        for (SourcePage page : pages) {
            started.add(start(page));
        }
        return await(started);
    }

    /**
     * Starts converting a page: on a pool thread, or with one thread at once on the caller's (a failure is then
     * rethrown by {@link #await}, as from a pool thread).
     */
    public PageInConversion start(SourcePage page) {
        Future<ConvertedPage> converted;
        if (pool == null) {
            CompletableFuture<ConvertedPage> done = new CompletableFuture<>();
            try {
                done.complete(inline.process(page));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
            converted = done;
        } else {
            converted = pool.submit(() -> converters.get().process(page));
        }
        return new PageInConversion(page.number(), converted);
    }

    /** The pages once converted, in the order given; a page's failure is rethrown as it was thrown. */
    public List<ConvertedPage> await(List<? extends PageInConversion> pages) {
        List<ConvertedPage> converted = new ArrayList<>(pages.size());
        try {
            for (PageInConversion page : pages) {
                converted.add(page.converted().get());
            }
            return converted;
        } catch (InterruptedException e) {
            pages.forEach(p -> p.converted().cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while converting pages", e);
        } catch (ExecutionException e) {
            pages.forEach(p -> p.converted().cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
