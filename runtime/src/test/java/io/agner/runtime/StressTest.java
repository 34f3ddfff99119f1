package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StressTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void spawnLink_100000Processes_allExitWhenTheRootCrashes() {
        int count = 100_000;
        Probe probe = agner.probe();
        Pid root = agner.node().spawn(ctx -> {
            for (int i = 0; i < count; i++) {
                ctx.spawnLink(c -> c.receive());
            }
            ctx.send(probe.pid(), "all linked");
            ctx.receive(m -> m.equals("crash"));
            ctx.exit(ExitReason.of("root crashed"));
        });
        assertEquals("all linked", probe.next());
        assertEquals(count + 2, agner.node().processes().size());
        assertEquals(count, agner.node().info(root).orElseThrow().links().size());
        probe.run(ctx -> ctx.monitor(root));

        agner.node().send(root, "crash");

        assertEquals(ExitReason.of("root crashed"), probe.next(Signal.Down.class).reason());
        await().atMost(Duration.ofMinutes(1)).until(() -> agner.node().processes().size() == 1); // the probe
    }

    @Test
    void million_idleProcesses_allLiveAtOnce_thenAllReceiveAndExit() throws Exception {
        int count = 1_000_000;
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(count);
        java.util.concurrent.CountDownLatch exited = new java.util.concurrent.CountDownLatch(count);
        Pid[] pids = new Pid[count];
        for (int i = 0; i < count; i++) {
            pids[i] = agner.node().spawn(ctx -> {
                waiting.countDown();
                ctx.receive();
                exited.countDown();
            });
        }
        waiting.await();
        assertEquals(count, agner.node().processes().size());

        for (Pid p : pids) {
            agner.node().send(p, "go");
        }

        exited.await();
        await().atMost(Duration.ofMinutes(1)).until(() -> agner.node().processes().isEmpty());
    }

    @Test
    void chainOfLinks_10000Deep_propagatesTheCrashToTheEnd() {
        Probe probe = agner.probe();
        Pid head = agner.node().spawn(chain(10_000, probe.pid()));
        Pid tail = probe.next(Pid.class);
        probe.run(ctx -> ctx.monitor(tail));

        agner.node().send(head, "crash");

        assertEquals(ExitReason.of("head crashed"), probe.next(Signal.Down.class).reason());
    }

    /** Each link of the chain spawns the next one linked; the last reports its pid once every link exists. */
    private static ProcessBody chain(int left, Pid reportTo) {
        return ctx -> {
            if (left == 0) {
                ctx.send(reportTo, ctx.self());
            } else {
                ctx.spawnLink(chain(left - 1, reportTo));
            }
            ctx.receive(m -> m.equals("crash"));
            ctx.exit(ExitReason.of("head crashed"));
        };
    }
}
