package io.sendtime.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak heap use of a phase: the sum of the heap pools' peaks since {@link #reset()}. */
public final class HeapWatch {

    private HeapWatch() {
    }

    public static void reset() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    public static long peakBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    public static long maxBytes() {
        return Runtime.getRuntime().maxMemory();
    }
}
