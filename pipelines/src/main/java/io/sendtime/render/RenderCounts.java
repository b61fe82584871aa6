package io.sendtime.render;

import java.util.Map;
import java.util.TreeMap;

/** Mutable tallies of one render, with where its time went. */
final class RenderCounts {
    long audience;
    long rendered;
    long readNanos;
    long renderWaitNanos;
    long appendNanos;
    Map<String, Long> excluded = new TreeMap<>();
    final Map<String, Long> rejected = new TreeMap<>();
    final Map<String, Long> fallbacks = new TreeMap<>();
    final Map<String, Long> variants = new TreeMap<>();

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
