package io.agner.examples.million;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;

/**
 * Spawns a million processes that each wait for one message, reports the heap they take, then
 * wakes them all and waits until every one has exited. One run: a rough figure, not a benchmark
 * ({@code make bench} measures this properly).
 *
 * <p>Run: {@code make build && java -cp examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.million.MillionProcesses 1000000}
 */
public final class MillionProcesses {

    private MillionProcesses() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Node node = Node.start()) {
            long before = usedHeapAfterGc(memory);
            CountDownLatch started = new CountDownLatch(count);
            CountDownLatch exited = new CountDownLatch(count);
            long start = System.nanoTime();
            Pid[] pids = new Pid[count];
            for (int i = 0; i < count; i++) {
                pids[i] = node.spawn(ctx -> {
                    started.countDown();
                    ctx.receive();
                    exited.countDown();
                });
            }
            long spawned = System.nanoTime();
            started.await();
            long heap = usedHeapAfterGc(memory) - before;
            long measured = System.nanoTime();
            for (Pid p : pids) {
                node.send(p, "go");
            }
            exited.await();
            long done = System.nanoTime();
            System.out.printf("million: %,d processes spawned in %,d ms; %,d bytes of heap per idle process; "
                            + "one message each, all received and exited in %,d ms (max heap %,d MB; one run, not a benchmark)%n",
                    count, (spawned - start) / 1_000_000, heap / count, (done - measured) / 1_000_000,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
