package io.agner.bench;

import java.lang.management.ManagementFactory;

/** Heap measurement for bytes-per-process. Any thread. */
final class Heap {

    private Heap() {}

    /** Used heap after full collections (the JVM's view of live data). */
    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The expected skynet sum for {@code leaves} leaves numbered 0..leaves-1. */
    static long skynetSum(long leaves) {
        return leaves * (leaves - 1) / 2;
    }
}
