package io.agner.supervisor;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OTP's simple-one-for-one shutdown: the supervisor sends every dynamic child its exit signal
 * first, then collects the exits within one shutdown timeout, then kills the rest — not one
 * child at a time. On a manual clock, so the timeout passes only when the test says.
 */
class DynamicShutdownTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private static final int CHILDREN = 5;

    /**
     * Children that trap exits and, on their supervisor's shutdown, tell {@code probe}, then exit
     * only once {@code release} opens (or never, if it is null).
     */
    private static ChildStart slowToStop(Probe probe, CountDownLatch release) {
        // Trapping from birth (a spawn option, not a call in the body): a shutdown that comes before
        // the child first runs must still reach it as a message, or it dies untold and the test waits.
        return (sup, args) -> sup.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Signal.Exit(Pid from, ExitReason reason) && reason.equals(ExitReason.SHUTDOWN)) {
                    ctx.send(probe.pid(), new ShuttingDown(ctx.self()));
                    if (release != null) {
                        release.await();
                        return;
                    }
                }
            }
        }, SpawnOptions.DEFAULT.withLink(true).withTrapExit(true));
    }

    record ShuttingDown(Pid child) {}

    private Pid supervisorOf(ChildStart start, Shutdown shutdown, List<Pid> children) {
        Node node = agner.node();
        Pid sup = Supervisor.start(node, new SupFlags(RestartStrategy.SIMPLE_ONE_FOR_ONE, 1, Duration.ofMinutes(1)),
                List.of(ChildSpec.worker("slow", start).withShutdown(shutdown)));
        for (int i = 0; i < CHILDREN; i++) {
            children.add(Supervisor.startChild(node, sup, List.of()).orElseThrow());
        }
        return sup;
    }

    @Test
    void shutdown_signalsEveryDynamicChildBeforeWaitingForAny() throws Exception {
        Probe probe = agner.probe();
        CountDownLatch release = new CountDownLatch(1);
        List<Pid> children = new ArrayList<>();
        Pid sup = supervisorOf(slowToStop(probe, release), Shutdown.timeout(Duration.ofMinutes(1)), children);
        Probe watcher = agner.probe();
        Ref supDown = watcher.call(ctx -> ctx.monitor(sup));

        agner.node().exit(sup, ExitReason.SHUTDOWN);

        Set<Pid> told = new HashSet<>();
        for (int i = 0; i < CHILDREN; i++) {
            told.add(probe.next(ShuttingDown.class).child()); // each child is still running when the next is told
        }
        assertEquals(Set.copyOf(children), told, "every child got its shutdown before any had exited");
        release.countDown();
        Signal.Down down = watcher.next(Signal.Down.class);
        assertEquals(supDown, down.ref());
        assertEquals(ExitReason.SHUTDOWN, down.reason());
        // The supervisor exits only after every child's Down; a child is not alive from before its Down is sent.
        children.forEach(c -> assertFalse(agner.node().isAlive(c), c + " has exited"));
    }

    @Test
    void shutdown_childrenStillRunningAfterTheTimeout_areKilled_allAtOnce() throws Exception {
        Probe probe = agner.probe();
        List<Pid> children = new ArrayList<>();
        Pid sup = supervisorOf(slowToStop(probe, null), Shutdown.timeout(Duration.ofSeconds(5)), children);
        Probe watcher = agner.probe();
        List<Ref> monitors = watcher.call(ctx -> children.stream().map(ctx::monitor).toList());

        agner.node().exit(sup, ExitReason.SHUTDOWN);
        for (int i = 0; i < CHILDREN; i++) {
            probe.next(ShuttingDown.class);
        }
        await().until(() -> agner.clock().pending() == 1); // the supervisor waits, with one timeout for all
        assertTrue(children.stream().allMatch(c -> agner.node().isAlive(c)), "none is killed before the timeout");
        agner.clock().advance(Duration.ofSeconds(5));

        for (int i = 0; i < CHILDREN; i++) {
            Signal.Down d = watcher.next(Signal.Down.class);
            assertTrue(monitors.contains(d.ref()));
            assertEquals(ExitReason.KILLED, d.reason());
        }
        await().until(() -> agner.node().info(sup).isEmpty()); // and then the supervisor exits
    }
}
