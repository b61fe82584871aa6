package io.sendtime.samples;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the sample APIs answered, for assertions. */
public final class RequestStats {

    final AtomicLong total = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong faulted = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong unauthorized = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();

    /** Every request received, faulted ones included. */
    public long total() { return total.get(); }

    /** Pages answered 200 (truncated ones included). */
    public long ok() { return ok.get(); }

    /** Records written into pages. */
    public long records() { return records.get(); }

    /** Requests hit by an injected fault or by "down". */
    public long faulted() { return faulted.get(); }

    /** Requests refused by the leaky bucket (not by injected 429 faults). */
    public long rateLimited() { return rateLimited.get(); }

    public long unauthorized() { return unauthorized.get(); }

    /** 400, 404 and 405 answers. */
    public long badRequests() { return badRequests.get(); }
}
