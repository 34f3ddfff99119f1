package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.supervisor.Kids.Stopped;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start order, reverse stop order, and each {@link Shutdown} kind. */
class ShutdownTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static List<ChildSpec> trappingChildren(Probe probe, String... ids) {
        return Arrays.stream(ids).map(id -> ChildSpec.worker(id, Kids.worker(probe, id, true))).toList();
    }

    private static void expectStarted(Probe probe, String... ids) {
        for (String id : ids) {
            assertEquals(id, probe.next(Started.class).id(), "start order");
        }
    }

    private static void expectStopped(Probe probe, ExitReason reason, String... ids) {
        for (String id : ids) {
            assertEquals(new Stopped(id, reason), probe.next(), "stop order");
        }
    }

    @Test
    void stop_stopsChildrenInReverseStartOrder() {
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT, trappingChildren(probe, "a", "b", "c", "d"));
        expectStarted(probe, "a", "b", "c", "d");

        GenServers.stop(agner.node(), sup, ExitReason.SHUTDOWN, Duration.ofSeconds(10));

        expectStopped(probe, ExitReason.SHUTDOWN, "d", "c", "b", "a");
    }

    @Test
    void parentExit_stopsTheTreeInReverseOrder() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid parent = node.spawn(ctx -> {
            Supervisor.startLink(ctx, SupFlags.DEFAULT, trappingChildren(probe, "a", "b", "c"));
            ctx.receive(m -> false);
        });
        expectStarted(probe, "a", "b", "c");

        node.exit(parent, ExitReason.of("parent gone"));

        expectStopped(probe, ExitReason.SHUTDOWN, "c", "b", "a");
    }

    @Test
    void oneForAll_stopsSiblingsInReverseOrder_thenStartsAllInOrder() {
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT.withStrategy(RestartStrategy.ONE_FOR_ALL),
                trappingChildren(probe, "a", "b", "c"));
        expectStarted(probe, "a", "b", "c");

        agner.node().send(pids(agner.node(), sup).get("a").orElseThrow(), new ExitWith(ExitReason.of("boom")));

        assertEquals(new Stopped("a", ExitReason.of("boom")), probe.next(), "the failed child's own terminate");
        expectStopped(probe, ExitReason.SHUTDOWN, "c", "b");
        expectStarted(probe, "a", "b", "c");
    }

    /** Starts a supervisor of one stubborn child with {@code shutdown}; the probe monitors the child. */
    private Pid startStubborn(Probe probe, Shutdown shutdown) {
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of(
                ChildSpec.worker("stubborn", Kids.stubborn(probe, "stubborn")).withShutdown(shutdown)));
        Pid child = probe.next(Started.class).pid();
        probe.run(ctx -> ctx.monitor(child));
        return sup;
    }

    @Test
    void timeout_childIgnoringShutdown_isKilledAfterTheTimeout() {
        Probe probe = agner.probe();
        Pid sup = startStubborn(probe, Shutdown.timeout(Duration.ofMillis(100)));

        Supervisor.terminateChild(agner.node(), sup, "stubborn");

        assertEquals(new Stopped("stubborn", ExitReason.SHUTDOWN), probe.next(), "it was asked first");
        assertEquals(ExitReason.KILLED, probe.next(Signal.Down.class).reason());
        assertEquals(List.of(new ChildInfo(Optional.of("stubborn"), Optional.empty(), ChildType.WORKER)),
                Supervisor.whichChildren(agner.node(), sup), "terminated, still listed");
    }

    @Test
    void brutalKill_childIsKilledWithoutBeingAsked() {
        Probe probe = agner.probe();
        Pid sup = startStubborn(probe, Shutdown.BRUTAL_KILL);

        Supervisor.terminateChild(agner.node(), sup, "stubborn");

        assertEquals(ExitReason.KILLED, probe.next(Signal.Down.class).reason(), "no shutdown message came before the kill");
    }

    @Test
    void timeout_childThatStopsInTime_exitsWithShutdown() {
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of(
                ChildSpec.worker("polite", Kids.worker(probe, "polite", true)).withShutdown(Shutdown.timeout(Duration.ofSeconds(10)))));
        Pid child = probe.next(Started.class).pid();
        probe.run(ctx -> ctx.monitor(child));

        Supervisor.terminateChild(agner.node(), sup, "polite");

        assertEquals(new Stopped("polite", ExitReason.SHUTDOWN), probe.next());
        assertEquals(ExitReason.SHUTDOWN, probe.next(Signal.Down.class).reason());
    }

    @Test
    void infinity_childSupervisorStopsItsOwnChildrenFirst() {
        Probe probe = agner.probe();
        ChildStart inner = (s, args) -> Supervisor.startLink(s, SupFlags.DEFAULT, trappingChildren(probe, "x", "y"));
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of(ChildSpec.supervisor("inner", inner)));
        expectStarted(probe, "x", "y");
        Pid innerPid = pids(agner.node(), sup).get("inner").orElseThrow();
        probe.run(ctx -> ctx.monitor(innerPid));

        Supervisor.terminateChild(agner.node(), sup, "inner");

        expectStopped(probe, ExitReason.SHUTDOWN, "y", "x");
        assertEquals(ExitReason.SHUTDOWN, probe.next(Signal.Down.class).reason());
        assertFalse(agner.node().isAlive(innerPid));
        assertTrue(agner.node().isAlive(sup));
    }
}
