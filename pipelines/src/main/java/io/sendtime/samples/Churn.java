package io.sendtime.samples;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one churn round changes a feed. Ordinary changes get timestamps spread over
 * ({@code now - spread}, {@code now}]; {@code ties} updates all share one exact timestamp (so they
 * straddle page boundaries); {@code late} updates are stamped {@code lateness} before now, i.e.
 * they land behind a watermark that has already passed. Nothing is ever stamped after now.
 *
 * <p>Per entity: deleting a contact archives it, a customer gets {@code deleted_at}, an order is
 * cancelled (voided), a product archived, a checkout completed, a subscription unsubscribed.
 * Storefront events are immutable, so every change to them is a new event.
 */
public record Churn(int creates, int updates, int deletes, int ties, int late, Duration lateness,
                    Duration spread, long seed) {

    public Churn {
        if (creates < 0 || updates < 0 || deletes < 0 || ties < 0 || late < 0) {
            throw new IllegalArgumentException("churn counts must not be negative");
        }
        Objects.requireNonNull(lateness, "lateness");
        Objects.requireNonNull(spread, "spread");
        if (lateness.isNegative() || spread.isNegative() || spread.isZero()) {
            throw new IllegalArgumentException("lateness must be >= 0 and spread > 0");
        }
    }

    /** Creates, updates and deletes spread over the last minute; no ties, no late updates; seed 1. */
    public static Churn of(int creates, int updates, int deletes) {
        return new Churn(creates, updates, deletes, 0, 0, Duration.ofHours(1), Duration.ofMinutes(1), 1L);
    }

    /** Adds {@code n} updates that share one exact timestamp. */
    public Churn withTies(int n) {
        return new Churn(creates, updates, deletes, n, late, lateness, spread, seed);
    }

    /** Adds {@code n} updates stamped {@code lateness} before now. */
    public Churn withLate(int n, Duration lateness) {
        return new Churn(creates, updates, deletes, ties, n, lateness, spread, seed);
    }

    public Churn withSpread(Duration spread) {
        return new Churn(creates, updates, deletes, ties, late, lateness, spread, seed);
    }

    public Churn withSeed(long seed) {
        return new Churn(creates, updates, deletes, ties, late, lateness, spread, seed);
    }

    /** Total number of records one round touches. */
    public int total() {
        return creates + updates + deletes + ties + late;
    }
}
