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
 * that queries run at the restore rate instead of into {@code THROTTLED}. Shared by the threads of one source.
 */
final class QueryCostBudget {

    private final LongSupplier nanos;
    private double available = Double.NaN;
    private double maximum;
    private double restorePerSecond;
    private long at;
    private final Map<String, Double> lastRequested = new HashMap<>();

    QueryCostBudget(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /**
     * How long to wait before the entity's next query, reserving its expected cost; zero while the budget is
     * unknown (before the first answer) or enough.
     */
    synchronized Duration reserve(String entity) {
        Double cost = lastRequested.get(entity);
        if (cost == null || Double.isNaN(available) || !(restorePerSecond > 0)) {
            return Duration.ZERO;
        }
        refill();
        double need = Math.min(cost, maximum);
        double missing = need - available;
        available -= need;
        return missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / restorePerSecond * 1e9));
    }

    /** Takes the source's report of one answer (the node at the configured cost path; missing: ignored). */
    synchronized void observe(String entity, JsonNode cost) {
        if (cost == null || cost.isMissingNode() || cost.isNull()) {
            return;
        }
        if (cost.path("requestedQueryCost").isNumber()) {
            lastRequested.put(entity, cost.get("requestedQueryCost").asDouble());
        }
        JsonNode status = cost.path("throttleStatus");
        if (status.path("currentlyAvailable").isNumber() && status.path("restoreRate").isNumber()) {
            available = status.get("currentlyAvailable").asDouble();
            maximum = status.path("maximumAvailable").asDouble(Double.MAX_VALUE);
            restorePerSecond = status.get("restoreRate").asDouble();
            at = nanos.getAsLong();
        }
    }

    /** How long until the bucket holds the entity's last requested cost, by the last report (for a THROTTLED). */
    synchronized Duration untilAffordable(String entity) {
        Double cost = lastRequested.get(entity);
        if (cost == null || Double.isNaN(available) || !(restorePerSecond > 0)) {
            return Duration.ofSeconds(1);
        }
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
