package io.agner.supervisor;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.Exit;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Simple-one-for-one: many children of one template, each started with extra args. */
class DynamicTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final int MANY = 10_000;

    private static SupFlags dynamic(int intensity) {
        return new SupFlags(RestartStrategy.SIMPLE_ONE_FOR_ONE, intensity, Duration.ofMinutes(1));
    }

    /** A template whose children idle until killed (no messages, so 10,000 of them stay cheap). */
    private static final ChildStart IDLE = (sup, args) -> sup.spawnLink(ctx -> ctx.receive(m -> false));

    @Test
    void startChild_passesExtraArgs_andEachChildRestartsAlone() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, dynamic(5), List.of(ChildSpec.worker("conn", Kids.worker(probe, "conn"))));
        assertEquals(new ChildCounts(1, 0, 0, 0), Supervisor.countChildren(node, sup));

        Pid one = Supervisor.startChild(node, sup, List.of("one", 1)).orElseThrow();
        Pid two = Supervisor.startChild(node, sup, List.of("two", 2)).orElseThrow();
        assertEquals(new Started("conn", one, List.of("one", 1)), probe.next());
        assertEquals(new Started("conn", two, List.of("two", 2)), probe.next());

        node.send(one, new ExitWith(ExitReason.of("boom")));

        Started again = probe.next(Started.class);
        assertEquals(List.of("one", 1), again.args(), "restarted with the same args");
        assertNotEquals(one, again.pid());
        List<Optional<Pid>> running = Supervisor.whichChildren(node, sup).stream().map(ChildInfo::pid).toList();
        assertTrue(running.contains(Optional.of(two)) && running.contains(Optional.of(again.pid())) && running.size() == 2, running.toString());
        assertEquals(List.of(), probe.drain(), "the sibling was not touched");
    }

    /** OTP's count_children: one spec, the template, however many children it runs. */
    @Test
    void countChildren_specsIsOne_whateverTheNumberOfChildren() {
        Node node = agner.node();
        Pid workers = Supervisor.start(node, dynamic(1), List.of(ChildSpec.worker("idle", IDLE)));
        Pid supervisors = Supervisor.start(node, dynamic(1), List.of(ChildSpec.supervisor("idle_sup", IDLE)));
        assertEquals(new ChildCounts(1, 0, 0, 0), Supervisor.countChildren(node, workers));

        for (int i = 0; i < 3; i++) {
            Supervisor.startChild(node, workers, List.of(i));
            Supervisor.startChild(node, supervisors, List.of(i));
        }

        assertEquals(new ChildCounts(1, 3, 0, 3), Supervisor.countChildren(node, workers));
        assertEquals(new ChildCounts(1, 3, 3, 0), Supervisor.countChildren(node, supervisors));
    }

    /** OTP's which_children: dynamic children have no id ({@code undefined}), newest first. */
    @Test
    void whichChildren_dynamicChildrenHaveNoId_newestFirst() {
        Node node = agner.node();
        Pid sup = Supervisor.start(node, dynamic(1), List.of(ChildSpec.worker("idle", IDLE)));
        Pid one = Supervisor.startChild(node, sup, List.of(1)).orElseThrow();
        Pid two = Supervisor.startChild(node, sup, List.of(2)).orElseThrow();
        Pid three = Supervisor.startChild(node, sup, List.of(3)).orElseThrow();
        Supervisor.terminateChild(node, sup, two);

        assertEquals(List.of(new ChildInfo(Optional.empty(), Optional.of(three), ChildType.WORKER),
                new ChildInfo(Optional.empty(), Optional.of(one), ChildType.WORKER)), Supervisor.whichChildren(node, sup));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Restart restart : Restart.values()) {
            for (Exit exit : Exit.values()) {
                cases.add(Arguments.of(restart, exit));
            }
        }
        return cases.stream();
    }

    /** OTP's simple_one_for_one: a child that is not restarted is removed, not kept without a pid. */
    @ParameterizedTest(name = "{0} child exits {1}")
    @MethodSource("matrix")
    void dynamicChild_isRestartedWithItsArgsOrRemoved_byTypeAndExit(Restart restart, Exit exit) {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, dynamic(100), List.of(ChildSpec.worker("conn", Kids.worker(probe, "conn")).withRestart(restart)));
        Pid one = Supervisor.startChild(node, sup, List.of("one", 1)).orElseThrow();
        Pid sibling = Supervisor.startChild(node, sup, List.of("two", 2)).orElseThrow();
        probe.next(Started.class);
        probe.next(Started.class);

        exit.apply(node, one);

        List<Optional<Pid>> running;
        if (exit.restarts(restart)) {
            Started again = probe.next(Started.class);
            assertEquals(List.of("one", 1), again.args(), "restarted with the same extra args");
            assertNotEquals(one, again.pid());
            running = Supervisor.whichChildren(node, sup).stream().map(ChildInfo::pid).toList();
            assertEquals(Set.of(Optional.of(sibling), Optional.of(again.pid())), Set.copyOf(running), "children");
            assertEquals(2, running.size(), "children: " + running);
        } else {
            await().until(() -> Supervisor.countChildren(node, sup).workers() == 1);
            running = Supervisor.whichChildren(node, sup).stream().map(ChildInfo::pid).toList();
            assertEquals(List.of(Optional.of(sibling)), running, "the exited child is removed");
        }
        assertFalse(node.isAlive(one));
        assertTrue(node.isAlive(sibling), "the sibling keeps its pid");
        assertEquals(List.of(), probe.drain(), "nothing else started");
        assertTrue(node.isAlive(sup), "the supervisor carries on");
    }

    @Test
    void transientAndTemporaryChildren_endingNormally_areRemoved() {
        Node node = agner.node();
        Probe probe = agner.probe();
        for (Restart restart : List.of(Restart.TRANSIENT, Restart.TEMPORARY)) {
            Pid sup = Supervisor.start(node, dynamic(0),
                    List.of(ChildSpec.worker("t", Kids.worker(probe, "t")).withRestart(restart)));
            Pid child = Supervisor.startChild(node, sup, List.of()).orElseThrow();
            node.send(child, new ExitWith(ExitReason.NORMAL));
            await().until(() -> Supervisor.countChildren(node, sup).active() == 0);
            assertEquals(List.of(), Supervisor.whichChildren(node, sup), restart + " child removed");
            assertTrue(node.isAlive(sup));
        }
    }

    @Test
    void childIgnoredOnRestart_isRemoved() {
        Node node = agner.node();
        Probe probe = agner.probe();
        AtomicInteger starts = new AtomicInteger();
        ChildStart onceThenIgnore = (s, args) -> starts.incrementAndGet() == 1 ? Kids.worker(probe, "conn").start(s, args) : null;
        Pid sup = Supervisor.start(node, dynamic(5), List.of(ChildSpec.worker("conn", onceThenIgnore)));
        Pid child = Supervisor.startChild(node, sup, List.of()).orElseThrow();

        node.send(child, new ExitWith(ExitReason.of("boom")));

        await().until(() -> starts.get() == 2);
        assertEquals(List.of(), Supervisor.whichChildren(node, sup), "OTP drops a dynamic child whose restart returns ignore");
        assertEquals(new ChildCounts(1, 0, 0, 0), Supervisor.countChildren(node, sup));
    }

    @Test
    void tenThousandChildren_startedThenTerminatedByPid_countsReturnToZero() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, dynamic(1), List.of(ChildSpec.worker("idle", IDLE)));

        List<Pid> children = probe.call(ctx -> {
            List<Pid> pids = new ArrayList<>(MANY);
            for (int i = 0; i < MANY; i++) {
                pids.add(Supervisor.startChild(ctx, sup, List.of(i)).orElseThrow());
            }
            return pids;
        });
        assertEquals(new ChildCounts(1, MANY, 0, MANY), Supervisor.countChildren(node, sup));
        assertEquals(MANY, Supervisor.whichChildren(node, sup).size());

        probe.run(ctx -> children.forEach(pid -> Supervisor.terminateChild(ctx, sup, pid)));

        assertEquals(new ChildCounts(1, 0, 0, 0), Supervisor.countChildren(node, sup));
        assertEquals(List.of(), Supervisor.whichChildren(node, sup));
        assertTrue(children.stream().noneMatch(node::isAlive), "every child was stopped");
        assertTrue(node.isAlive(sup), "deliberate stops are not failures");
    }

    @Test
    void tenThousandChildren_stoppedWithTheSupervisor() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, dynamic(1), List.of(ChildSpec.worker("idle", IDLE)));
        List<Pid> children = probe.call(ctx -> {
            List<Pid> pids = new ArrayList<>(MANY);
            for (int i = 0; i < MANY; i++) {
                pids.add(Supervisor.startChild(ctx, sup, List.of(i)).orElseThrow());
            }
            return pids;
        });
        probe.run(ctx -> ctx.monitor(children.get(0)));

        GenServers.stop(node, sup, ExitReason.SHUTDOWN, Duration.ofSeconds(30));

        assertFalse(node.isAlive(sup));
        assertTrue(children.stream().noneMatch(node::isAlive), "every child was stopped before the supervisor exited");
        assertEquals(ExitReason.SHUTDOWN, probe.next(Signal.Down.class).reason());
    }
}
