package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Trees: top -> mid -> bottom -> worker; a supervisor that gives up is its parent's failed child. */
class EscalationTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration PERIOD = Duration.ofMinutes(1);

    private static ChildStart sup(int intensity, ChildSpec child) {
        return (s, args) -> Supervisor.startLink(s, new SupFlags(RestartStrategy.ONE_FOR_ONE, intensity, PERIOD), List.of(child));
    }

    private Pid tree(Probe probe, int top, int mid, int bottom) {
        ChildSpec worker = ChildSpec.worker("worker", Kids.worker(probe, "worker"));
        ChildSpec bottomSpec = ChildSpec.supervisor("bottom", sup(bottom, worker));
        ChildSpec midSpec = ChildSpec.supervisor("mid", sup(mid, bottomSpec));
        Pid topSup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ONE, top, PERIOD), List.of(midSpec));
        probe.run(ctx -> ctx.monitor(topSup));
        return topSup;
    }

    private static Pid child(Node node, Pid sup, String id) {
        return pids(node, sup).get(id).orElseThrow();
    }

    @Test
    void threeLevels_eachGivingUpSupervisorIsRestartedByItsParent_untilTheTopGivesUp() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid top = tree(probe, 1, 0, 0);
        Pid worker = probe.next(Started.class).pid();
        Pid mid = child(node, top, "mid");
        Pid bottom = child(node, mid, "bottom");

        node.send(worker, new ExitWith(ExitReason.of("boom"))); // bottom gives up, then mid; top restarts mid

        Started again = probe.next(Started.class);
        assertNotEquals(worker, again.pid());
        assertFalse(node.isAlive(mid), "mid gave up");
        assertFalse(node.isAlive(bottom), "bottom gave up");
        Pid mid2 = child(node, top, "mid");
        assertNotEquals(mid, mid2);
        assertEquals(again.pid(), child(node, child(node, mid2, "bottom"), "worker"), "the whole subtree was started again");
        assertTrue(node.isAlive(top));

        node.send(again.pid(), new ExitWith(ExitReason.of("boom"))); // now the top exceeds its intensity too

        Signal.Down down = probe.next(Signal.Down.class);
        assertEquals(top, down.pid());
        assertEquals(ExitReason.SHUTDOWN, down.reason());
        assertFalse(node.isAlive(mid2));
        assertFalse(node.isAlive(again.pid()));
    }

    @Test
    void childSupervisorThatGivesUp_isRestartedByItsParent_whichStaysPut() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid top = tree(probe, 1, 1, 0);
        Pid worker = probe.next(Started.class).pid();
        Pid mid = child(node, top, "mid");
        Pid bottom = child(node, mid, "bottom");

        node.send(worker, new ExitWith(ExitReason.of("boom")));

        Started again = probe.next(Started.class);
        assertFalse(node.isAlive(bottom), "bottom gave up");
        assertEquals(mid, child(node, top, "mid"), "mid restarted bottom itself");
        Pid bottom2 = child(node, mid, "bottom");
        assertNotEquals(bottom, bottom2);
        assertEquals(again.pid(), child(node, bottom2, "worker"));
        assertEquals(List.of(), probe.drain(), "the top saw nothing");
    }
}
