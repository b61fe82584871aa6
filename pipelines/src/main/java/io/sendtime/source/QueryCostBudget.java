package io.sendtime.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A GraphQL source's cost budget as the source reports it (Shopify: {@code extensions.cost} with
 * {@code requestedQueryCost}, {@code actualQueryCost} and {@code throttleStatus { maximumAvailable,
 * currentlyAvailable, restoreRate }}): a bucket that refills at the restore rate. Before a query the client asks
 * how long to wait so that the bucket holds what the entity's query asked for last time, and reserves it, so
 * that queries run at the restore rate instead of into {@code THROTTLED}. Shared by the threads of one source: a
 * report the source sends does not yet count the queries other threads have reserved and not sent or not heard
 * back from, so those stay reserved against it until their own answer settles them.
 */
final class QueryCostBudget {

    private final LongSupplier nanos;
    private double available = Double.NaN;
    private double maximum;
    private double restorePerSecond;
    private long at;
    /** What reserved queries that have no answer yet will take. */
    private double outstanding;
    private final Map<String, Double> lastRequested = new HashMap<>();

    /** One query's claim on the bucket: how long it waits first (delay), and how much it took. */
    record Reservation(Duration delay, double amount) {
        static final Reservation NONE = new Reservation(Duration.ZERO, 0);
    }

    QueryCostBudget(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /**
     * How long to wait before the entity's next query, reserving its expected cost; no wait while the budget is
     * unknown (before the first answer) or enough. Settle or cancel the reservation when the attempt ends.
     */
    synchronized Reservation reserve(String entity) {
        Double cost = lastRequested.get(entity);
        if (cost == null || unknown()) {
            return Reservation.NONE;
        }
        Duration wait = untilAvailable(cost);
        double amount = Math.min(cost, maximum);
        available -= amount;
        outstanding += amount;
        return new Reservation(wait, amount);
    }

    /** An attempt that got no answer (or none with a report): its reservation is given back. */
    synchronized void cancel(Reservation reservation) {
        outstanding -= reservation.amount();
        available += reservation.amount();
    }

    /**
     * Takes the source's report of one answer (the node at the configured cost path; missing: only the reservation
     * is settled): the bucket is what the source reports, less what other queries have reserved and not settled.
     */
    synchronized void settle(String entity, Reservation reservation, JsonNode cost) {
        outstanding -= reservation.amount();
        if (cost == null || cost.isMissingNode() || cost.isNull()) {
            available += reservation.amount();
            return;
        }
        if (cost.path("requestedQueryCost").isNumber()) {
            lastRequested.put(entity, cost.get("requestedQueryCost").asDouble());
        }
        JsonNode status = cost.path("throttleStatus");
        if (status.path("currentlyAvailable").isNumber() && status.path("restoreRate").isNumber()) {
            available = status.get("currentlyAvailable").asDouble() - outstanding;
            maximum = status.path("maximumAvailable").asDouble(Double.MAX_VALUE);
            restorePerSecond = status.get("restoreRate").asDouble();
            at = nanos.getAsLong();
        }
    }

    /** How long until the bucket holds the entity's last requested cost, by the last report (for a THROTTLED). */
    synchronized Duration untilAffordable(String entity) {
        Double cost = lastRequested.get(entity);
        return cost == null || unknown() ? Duration.ofSeconds(1) : untilAvailable(cost);
    }

    private boolean unknown() {
        return Double.isNaN(available) || !(restorePerSecond > 0);
    }

    /** How long until the bucket, refilled to now, holds {@code cost} (at most its size). */
    private Duration untilAvailable(double cost) {
        refill();
        double missing = Math.min(cost, maximum) - available;
        return missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / restorePerSecond * 1e9));
    }

    private void refill() {
        long now = nanos.getAsLong();
        available = Math.min(maximum, available + (now - at) / 1e9 * restorePerSecond);
        at = now;
    }
}
