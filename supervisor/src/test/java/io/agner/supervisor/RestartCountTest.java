package io.agner.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart counts (an agner addition: OTP keeps none): per child id, counted where a child is started again. */
class RestartCountTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final SupFlags LENIENT = SupFlags.DEFAULT.withIntensity(100, Duration.ofMinutes(1));

    @Test
    void aFreshSupervisor_countsZeroForEveryChild() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, LENIENT, List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")), ChildSpec.worker("b", Kids.worker(probe, "b"))));

        assertEquals(Map.of("a", 0L, "b", 0L), Supervisor.restarts(node, sup));
        assertEquals(List.of(0L, 0L), Supervisor.whichChildren(node, sup).stream().map(ChildInfo::restarts).toList());
    }

    @Test
    void oneForOne_countsEachRestartOfTheFailedChildOnly() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, LENIENT, List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")), ChildSpec.worker("b", Kids.worker(probe, "b"))));
        probe.next(Started.class);
        Pid b = probe.next(Started.class).pid();

        node.exit(b, ExitReason.KILL);
        Pid b2 = probe.next(Started.class).pid();
        node.exit(b2, ExitReason.KILL);
        probe.next(Started.class);

        assertEquals(Map.of("a", 0L, "b", 2L), Supervisor.restarts(node, sup));
        ChildInfo info = Supervisor.whichChildren(node, sup).getFirst();
        assertEquals(Optional.of("b"), info.id());
        assertEquals(2, info.restarts());
    }

    @Test
    void restForOne_countsTheSiblingsItStartsAgain() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, LENIENT.withStrategy(RestartStrategy.REST_FOR_ONE), List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")), ChildSpec.worker("b", Kids.worker(probe, "b")),
                ChildSpec.worker("c", Kids.worker(probe, "c"))));
        probe.next(Started.class);
        Pid b = probe.next(Started.class).pid();
        probe.next(Started.class);

        node.exit(b, ExitReason.KILL);
        probe.next(Started.class);
        probe.next(Started.class);

        assertEquals(Map.of("a", 0L, "b", 1L, "c", 1L), Supervisor.restarts(node, sup));
    }

    @Test
    void aChildThatEndsWithoutRestart_orIsTerminated_isNotCounted() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, LENIENT, List.of(
                ChildSpec.worker("t", Kids.worker(probe, "t")).withRestart(Restart.TRANSIENT),
                ChildSpec.worker("p", Kids.worker(probe, "p"))));
        Pid t = probe.next(Started.class).pid();
        probe.next(Started.class);

        node.send(t, new Kids.ExitWith(ExitReason.NORMAL));
        Supervisor.terminateChild(node, sup, "p");
        Supervisor.restartChild(node, sup, "p"); // asked for, not a restart after a failure

        assertEquals(Map.of("t", 0L, "p", 0L), Supervisor.restarts(node, sup));
    }

    @Test
    void simpleOneForOne_countsUnderTheTemplatesId_andPerChildInWhichChildren() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, LENIENT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("line", Kids.worker(probe, "line"))));
        Pid one = Supervisor.startChild(node, sup, List.<Object>of(1)).orElseThrow();
        Pid two = Supervisor.startChild(node, sup, List.<Object>of(2)).orElseThrow();
        probe.next(Started.class);
        probe.next(Started.class);

        node.exit(one, ExitReason.KILL);
        probe.next(Started.class);
        node.exit(two, ExitReason.KILL);
        Pid two2 = probe.next(Started.class).pid();
        node.exit(two2, ExitReason.KILL);
        probe.next(Started.class);

        assertEquals(Map.of("line", 3L), Supervisor.restarts(node, sup));
        assertEquals(List.of(2L, 1L), Supervisor.whichChildren(node, sup).stream().map(ChildInfo::restarts).toList(),
                "newest first: the second child was restarted twice, the first once");
    }

    @Test
    void restarts_withATimeout_answersAsWithout() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, LENIENT, List.of(ChildSpec.worker("a", Kids.worker(probe, "a"))), "counted");
        Pid a = probe.next(Started.class).pid();
        node.exit(a, ExitReason.KILL);
        probe.next(Started.class);

        assertEquals(Map.of("a", 1L), Supervisor.restarts(node, io.agner.runtime.ServerRef.named("counted"), Duration.ofSeconds(5)));
    }

    @Test
    void flags_areTheOnesItWasStartedWith() {
        Node node = agner.node();
        SupFlags flags = LENIENT.withStrategy(RestartStrategy.REST_FOR_ONE);
        Pid sup = Supervisor.start(node, flags, List.of());

        assertEquals(flags, Supervisor.flags(node, sup, Duration.ofSeconds(5)));
    }
}
