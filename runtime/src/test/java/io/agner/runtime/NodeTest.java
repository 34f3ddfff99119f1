package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Node lifecycle; these tests open and close their own nodes. */
class NodeTest {

    @Test
    void node_close_stopsAllProcesses() throws Exception {
        Node node = Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ofMillis(200)));
        List<Pid> pids = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(4);
        pids.add(node.spawn(ctx -> {
            started.countDown();
            ctx.receive();
        }));
        pids.add(node.spawn(ctx -> {
            started.countDown();
            Thread.sleep(Duration.ofDays(1));
        }));
        pids.add(node.spawn(ctx -> { // ignores shutdown: must be killed
            started.countDown();
            while (true) {
                ctx.receive();
            }
        }, SpawnOptions.DEFAULT.withTrapExit(true)));
        pids.add(node.spawn(ctx -> {
            started.countDown();
            for (int i = 0; i < 100; i++) {
                ctx.spawn(c -> c.receive());
            }
            ctx.receive();
        }));
        started.await();

        node.close();

        for (Pid p : pids) {
            assertFalse(node.isAlive(p), p + " still alive");
        }
        assertTrue(node.processes().isEmpty(), "every process is gone: " + node.processes());
    }

    /**
     * A spawn from outside the node puts its process in the table before starting its thread;
     * close() may find it there unstarted and must wait for it rather than fail.
     */
    @Test
    void node_close_whileOutsideThreadsSpawn_neverFails_andLeavesNoProcess() throws Exception {
        for (int round = 0; round < 30; round++) {
            Node node = Node.start();
            List<Thread> spawners = new ArrayList<>();
            CountDownLatch spawning = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                spawners.add(Thread.ofPlatform().start(() -> {
                    spawning.countDown();
                    try {
                        while (true) {
                            node.spawn(ctx -> ctx.receive());
                        }
                    } catch (IllegalStateException closing) {
                        // the node is closing: the answer a late spawn gets
                    }
                }));
            }
            spawning.await();

            node.close();

            for (Thread t : spawners) {
                assertTrue(t.join(Duration.ofSeconds(30)), "a spawner hung (round " + round + ")");
            }
            assertTrue(node.processes().isEmpty(), "round " + round + ": left " + node.processes());
        }
    }

    @Test
    void node_close_zeroShutdownTimeout_stillWaitsForKilledProcesses() {
        Node node = Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ZERO));
        for (int i = 0; i < 20_000; i++) {
            node.spawn(ctx -> ctx.receive(), SpawnOptions.DEFAULT.withTrapExit(i % 2 == 0));
        }

        node.close();

        assertEquals(List.of(), node.processes());
    }

    @Test
    void node_closeFromInsideAProcess_stopsTheOthersThenTheCaller() throws Exception {
        Node node = Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ofMillis(200)));
        CompletableFuture<List<Pid>> seenAfterClose = new CompletableFuture<>();
        CompletableFuture<ExitReason> callerExit = new CompletableFuture<>();
        Pid other = node.spawn(ctx -> ctx.receive());
        Pid caller = node.spawn(ctx -> {
            ctx.node().close();
            seenAfterClose.complete(ctx.node().processes().stream().map(ProcessInfo::pid).toList());
            try {
                ctx.receive();
            } catch (ExitException e) {
                callerExit.complete(e.reason());
                throw e;
            }
        });

        assertEquals(List.of(caller), seenAfterClose.get(20, TimeUnit.SECONDS));
        assertFalse(node.isAlive(other));
        assertEquals(ExitReason.SHUTDOWN, callerExit.get(20, TimeUnit.SECONDS));
    }

    @Test
    void spawn_afterClose_fails() {
        Node node = Node.start();
        node.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.spawn(ctx -> {}));
        assertTrue(e.getMessage().contains("closing"), e.getMessage());
        node.close(); // idempotent
    }

    @Test
    void spawnWithLink_fromOutsideAProcess_isRefused() {
        try (Node node = Node.start()) {
            assertThrows(IllegalArgumentException.class,
                    () -> node.spawn(ctx -> {}, SpawnOptions.DEFAULT.withLink(true)));
            assertEquals(List.of(), node.processes());
        }
    }

    @Test
    void systemPid_isNeverAlive() {
        try (Node node = Node.start()) {
            assertFalse(node.isAlive(node.systemPid()));
            node.send(node.systemPid(), "dropped");
        }
    }
}
