package io.sendtime.render;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
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
     * Price and stock no older than {@code stock-cache}.
     *
     * @throws ContentFallback {@code stock-unavailable} when the API fails, or does not answer before the refresh is
     *                         abandoned or {@code deadlineNanos} passes
     */
    Now get(long deadlineNanos) {
        Future<Now> waitFor;
        long waitUntil;
        synchronized (this) {
            long now = System.nanoTime();
            if (current != null && now - current.readAtNanos() < cacheNanos) {
                return current;
            }
            if (inFlight != null && now - inFlightSince > timeoutNanos) {
                abandon(now);
            }
            if (inFlight == null) {
                if (failed && now - failedAt < cacheNanos) {
                    throw new ContentFallback("stock-unavailable");
                }
                start(now);
            }
            waitFor = inFlight;
            waitUntil = Math.min(deadlineNanos, inFlightSince + timeoutNanos);
        }
        try {
            Now fresh = waitFor.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            synchronized (this) {
                if (inFlight == waitFor) {
                    inFlight = null;
                    failed = false;
                }
                if (current == null || fresh.readAtNanos() > current.readAtNanos()) {
                    current = fresh;
                }
            }
            return fresh;
        } catch (TimeoutException e) {
            synchronized (this) {
                if (inFlight == waitFor && System.nanoTime() - inFlightSince > timeoutNanos) {
                    abandon(System.nanoTime());
                }
            }
            throw new ContentFallback("stock-unavailable");
        } catch (ExecutionException | CancellationException e) {
            synchronized (this) {
                if (inFlight == waitFor) {
                    inFlight = null;
                    failed = true;
                    failedAt = System.nanoTime();
                    log.warn("content: price and stock from the commerce API failed ({}); open-time content falls back"
                            + " for {} s", ErrorMessages.message(e.getCause() == null ? e : e.getCause()),
                            cacheNanos / 1_000_000_000L);
                }
            }
            throw new ContentFallback("stock-unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentFallback("budget");
        }
    }

    private void start(long now) {
        inFlightSince = now;
        inFlight = fetcher.submit(() -> {
            ProductRefresh.Fetched fetched = refresh.fetch();
            Map<Long, ProductRefresh.Stock> byId = new HashMap<>();
            fetched.products().forEach(s -> byId.put(s.productId(), s));
            return new Now(Map.copyOf(byId), System.nanoTime());
        });
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
