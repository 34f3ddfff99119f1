package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agner.runtime.SchedulerStats.CarrierStats;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * agner's own scheduler: fairness, blocking carriers, parallelism and its counters. Every node
 * here asks for {@link SchedulerKind#AGNER} explicitly; the build runs with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, so it is really agner's. Progress is
 * asserted, never time.
 */
class CarrierSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Node node(int carriers) {
        Node node = Node.start(NodeConfig.DEFAULT.withScheduler(SchedulerKind.AGNER).withCarriers(carriers)
                .withShutdownTimeout(Duration.ofMillis(500)));
        assertEquals(SchedulerKind.AGNER, node.schedulerStats().kind(), () -> node.schedulerStats().note());
        return node;
    }

    /** Two processes that wake each other forever, counting their round trips. */
    private static AtomicLong pingPongForever(Node node) {
        AtomicLong roundTrips = new AtomicLong();
        Pid ponger = node.spawn(ctx -> {
            while (true) {
                ctx.send((Pid) ctx.receive(), "pong");
            }
        });
        node.spawn(ctx -> {
            while (true) {
                ctx.send(ponger, ctx.self());
                ctx.receive();
                roundTrips.incrementAndGet();
            }
        });
        return roundTrips;
    }

    @Test
    void runNext_pingPongPairForever_doesNotStarveAThirdProcess() {
        try (Node node = node(1)) {
            AtomicLong pair = pingPongForever(node);
            await().atMost(WAIT).until(() -> pair.get() > 1_000);
            AtomicLong counted = new AtomicLong();
            node.spawn(ctx -> {
                for (int i = 1; i <= 1_000_000; i++) {
                    if (i % 10_000 == 0) {
                        counted.set(i);
                        Thread.yield(); // to the back of the carrier's queue, behind the pair's run-next hand-offs
                    }
                }
            });
            await().atMost(WAIT).until(() -> counted.get() == 1_000_000);
            long before = pair.get();
            await().atMost(WAIT).until(() -> pair.get() > before); // and the pair still runs
        }
    }

    @Test
    void blocking_busyLoopHoldingTheOnlyCarrier_pairKeepsMakingProgress() {
        try (Node node = node(1)) {
            AtomicBoolean release = new AtomicBoolean();
            AtomicBoolean looping = new AtomicBoolean();
            node.spawn(ctx -> {
                looping.set(true);
                while (!release.get()) {
                    Thread.onSpinWait(); // no blocking point: holds its carrier
                }
            });
            await().atMost(WAIT).untilTrue(looping);
            AtomicLong pair = pingPongForever(node);
            await().atMost(WAIT).until(() -> pair.get() >= 1_000);
            release.set(true);
            SchedulerStats stats = node.schedulerStats();
            assertTrue(stats.replacementsStarted() >= 1, stats::toString);
        }
    }

    @Test
    void blocking_fileReadHoldingTheOnlyCarrier_pairKeepsMakingProgress_andReplacementRetires(@TempDir Path dir)
            throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(mkfifo(fifo), "needs mkfifo");
        try (Node node = node(1)) {
            AtomicBoolean read = new AtomicBoolean();
            node.spawn(ctx -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) { // blocks in open() until a writer comes
                    read.set(in.read() == 42);
                }
            });
            AtomicLong pair = pingPongForever(node);
            await().atMost(WAIT).until(() -> pair.get() >= 1_000);
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(42);
            }
            await().atMost(WAIT).untilTrue(read);
            assertTrue(node.schedulerStats().replacementsStarted() >= 1, () -> node.schedulerStats().toString());
        }
    }

    @Test
    void blocking_replacementCarrier_retiresOnceIdle() {
        try (Node node = node(1)) {
            AtomicBoolean release = new AtomicBoolean();
            node.spawn(ctx -> {
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
            AtomicLong pair = pingPongForever(node);
            await().atMost(WAIT).until(() -> pair.get() >= 1_000);
            release.set(true);
            // Stop the pair too, so the carriers have nothing to do and the replacement is not needed.
            node.processes().forEach(p -> node.exit(p.pid(), ExitReason.KILL));
            await().atMost(WAIT).until(() -> node.schedulerStats().carriers().stream()
                    .noneMatch(c -> c.replacement() && c.alive()));
            assertTrue(node.schedulerStats().replacementsStarted() >= 1);
        }
    }

    @Test
    void parallelism_underParallelLoad_bothCarriersRunContinuations() {
        try (Node node = node(2)) {
            AtomicBoolean stop = new AtomicBoolean();
            for (int i = 0; i < 4; i++) {
                pingPongUntil(node, stop);
            }
            await().atMost(WAIT).until(() -> node.schedulerStats().carriers().stream()
                    .filter(c -> !c.replacement()).allMatch(c -> c.continuations() > 1_000));
            stop.set(true);
            SchedulerStats stats = node.schedulerStats();
            assertEquals(2, stats.carriers().stream().filter(c -> !c.replacement()).count(), stats::toString);
            for (CarrierStats c : stats.carriers()) {
                assertTrue(c.runNextHits() <= c.continuations(), c::toString);
                assertTrue(c.utilisation() >= 0 && c.utilisation() <= 1, c::toString);
            }
        }
    }

    private static void pingPongUntil(Node node, AtomicBoolean stop) {
        Pid ponger = node.spawn(ctx -> {
            while (true) {
                ctx.send((Pid) ctx.receive(), "pong");
            }
        });
        node.spawn(ctx -> {
            while (!stop.get()) {
                ctx.send(ponger, ctx.self());
                ctx.receive();
            }
        });
    }

    @Test
    void timers_receiveTimeoutAndSendAfter_fireOnAgnersCarriers() {
        try (Node node = node(2)) {
            AtomicLong got = new AtomicLong();
            node.spawn(ctx -> {
                if (ctx.receive(Duration.ofMillis(20)).isEmpty()) {
                    ctx.sendAfter(Duration.ofMillis(10), ctx.self(), 7L);
                    got.set((Long) ctx.receive());
                }
            });
            await().atMost(WAIT).until(() -> got.get() == 7L);
        }
    }

    @Test
    void stats_jdkScheduler_hasNoCarriers() {
        try (Node node = Node.start(NodeConfig.DEFAULT.withScheduler(SchedulerKind.JDK))) {
            SchedulerStats stats = node.schedulerStats();
            assertEquals(SchedulerKind.JDK, stats.kind());
            assertEquals("", stats.note());
            assertTrue(stats.carriers().isEmpty());
        }
    }

    private static boolean mkfifo(Path path) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            return p.waitFor() == 0 && Files.exists(path);
        } catch (IOException noMkfifo) {
            return false;
        }
    }
}
