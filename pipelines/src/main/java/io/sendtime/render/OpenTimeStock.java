package io.sendtime.render;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;

/**
 * Price and stock now, for open-time content: the render's own refresh ({@link ProductRefresh}, the commerce API
 * through its source client), kept for {@code stock-cache} so that not every open asks the API. One refresh at a time
 * (requests arriving meanwhile wait for it), abandoned past {@code stock-timeout}; a request never waits past its own
 * deadline. A failed or abandoned refresh is remembered for {@code stock-cache} too, so a failing API is not asked by
 * every request: until then requests get {@code stock-unavailable}.
 */
final class OpenTimeStock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenTimeStock.class);

    /** Every product the API listed, by id, and when they were read. */
    record Now(Map<Long, ProductRefresh.Stock> products, long readAtNanos) {}

    private final ProductRefresh refresh;
    private final long cacheNanos;
    private final long timeoutNanos;
    private final ExecutorService fetcher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "content-stock");
        t.setDaemon(true);
        return t;
    });

    private Now current;
    private Future<Now> inFlight;
    private long inFlightSince;
    private long failedAt;
    private boolean failed;

    OpenTimeStock(ProductRefresh refresh, Duration cache, Duration timeout) {
        this.refresh = refresh;
        this.cacheNanos = cache.toNanos();
        this.timeoutNanos = timeout.toNanos();
    }

    /** Starts a first refresh in the background, so that the first requests find stock. */
    void warmUp() {
        synchronized (this) {
            start(System.nanoTime());
        }
    }

    /**
     * Price and stock read within {@code stock-cache}; past it a refresh starts, and until it lands (at most
     * {@code stock-timeout} later) the reading before is used; later than that, the request waits for the refresh.
     *
     * @throws ContentFallback {@code stock-unavailable} when the API fails, or does not answer before the refresh is
     *                         abandoned or {@code deadlineNanos} passes
     */
    Now get(long deadlineNanos) {
        Future<Now> waitFor;
        long waitUntil;
        synchronized (this) {
            long now = System.nanoTime();
            if (inFlight != null && now - inFlightSince > timeoutNanos) {
                abandon(now);
            }
            long age = current == null ? Long.MAX_VALUE : now - current.readAtNanos();
            if (age < cacheNanos) {
                return current;
            }
            if (inFlight == null && !(failed && now - failedAt < cacheNanos)) {
                start(now);
            }
            if (age < cacheNanos + timeoutNanos) {
                return current; // a refresh is under way: the reading before is at most stock-timeout past its time
            }
            if (inFlight == null) {
                throw new ContentFallback("stock-unavailable");
            }
            waitFor = inFlight;
            waitUntil = Math.min(deadlineNanos, inFlightSince + timeoutNanos);
        }
        try {
            return waitFor.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            throw new ContentFallback("stock-unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentFallback("budget");
        }
    }

    /** A refresh in the background (called holding the lock): what it reads becomes the current stock; a failure is remembered. */
    private void start(long now) {
        java.util.concurrent.atomic.AtomicReference<Future<Now>> self = new java.util.concurrent.atomic.AtomicReference<>();
        FutureTask<Now> task = new FutureTask<>(() -> {
            try {
                ProductRefresh.Fetched fetched = refresh.fetch();
                Map<Long, ProductRefresh.Stock> byId = new HashMap<>();
                fetched.products().forEach(s -> byId.put(s.productId(), s));
                Now read = new Now(Map.copyOf(byId), System.nanoTime());
                landed(self.get(), read, null);
                return read;
            } catch (RuntimeException e) {
                landed(self.get(), null, e);
                throw e;
            }
        });
        self.set(task);
        inFlight = task;
        inFlightSince = now;
        fetcher.execute(task);
    }

    /** A refresh's outcome, unless it was abandoned meanwhile. */
    private synchronized void landed(Future<Now> task, Now read, RuntimeException failure) {
        if (inFlight != task) {
            return;
        }
        inFlight = null;
        if (failure == null) {
            current = read;
            failed = false;
        } else {
            failed = true;
            failedAt = System.nanoTime();
            log.warn("content: price and stock from the commerce API failed ({}); open-time content falls back for {} s",
                    ErrorMessages.message(failure), cacheNanos / 1_000_000_000L);
        }
    }

    /** The refresh under way took longer than {@code stock-timeout}: interrupted, remembered as failed. */
    private void abandon(long now) {
        inFlight.cancel(true);
        inFlight = null;
        failed = true;
        failedAt = now;
        log.warn("content: no price and stock from the commerce API within {} ms; open-time content falls back for {} s",
                timeoutNanos / 1_000_000, cacheNanos / 1_000_000_000L);
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
