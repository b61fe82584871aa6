package io.sendtime.render;

import java.util.Map;
import java.util.TreeMap;

/** Mutable tallies of one render, with where its time went. */
final class RenderCounts {
    long audience;
    long rendered;
    /** the reading thread reading recipients, waiting for the render threads, and writing the export */
    long readNanos;
    long renderWaitNanos;
    long writeNanos;
    /** when the render's transaction began to commit (System.nanoTime) */
    long committing;
    /** where the render's time went, step by step, in the order they ran (milliseconds) */
    final Map<String, Long> stepMillis = new java.util.LinkedHashMap<>();
    Map<String, Long> excluded = new TreeMap<>();
    final Map<String, Long> rejected = new TreeMap<>();
    final Map<String, Long> fallbacks = new TreeMap<>();
    final Map<String, Long> variants = new TreeMap<>();
    /** recipients with a money value converted by an exchange rate, and with one left out for want of a rate */
    long moneyConverted;
    long moneyUnconvertible;
    /** the newest exchange rate any conversion used */
    java.time.LocalDate ratesDate;

    void money(EmailMoney money) {
        moneyConverted = money.convertedRecipients();
        moneyUnconvertible = money.unconvertibleRecipients();
        ratesDate = money.newestRateDate();
    }

    void step(String name, long nanos) {
        stepMillis.merge(name, nanos / 1_000_000, Long::sum);
    }

    void add(RenderedRecipient r) {
        if (r.rejected()) {
            rejected.merge(r.rejection(), 1L, Long::sum);
            return;
        }
        rendered++;
        variants.merge(r.variant(), 1L, Long::sum);
        r.fallbacks().forEach(token -> fallbacks.merge(token, 1L, Long::sum));
    }
}
