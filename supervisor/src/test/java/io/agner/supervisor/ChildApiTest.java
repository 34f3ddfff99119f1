package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.StartException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** startChild, terminateChild, restartChild, deleteChild, whichChildren, countChildren. */
class ChildApiTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private Pid emptySupervisor() {
        return Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of());
    }

    @Test
    void startChild_addsAndStartsAfterTheOthers() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("a", Kids.worker(probe, "a"))));
        probe.next(Started.class);

        Optional<Pid> b = Supervisor.startChild(node, sup, ChildSpec.worker("b", Kids.worker(probe, "b")));
        Optional<Pid> inner = Supervisor.startChild(node, sup,
                ChildSpec.supervisor("inner", (s, args) -> Supervisor.startLink(s, SupFlags.DEFAULT, List.of())));

        assertEquals(probe.next(Started.class).pid(), b.orElseThrow());
        assertEquals(List.of("inner", "b", "a"), List.copyOf(pids(node, sup).keySet()), "OTP lists the newest first");
        assertEquals(new ChildInfo(Optional.of("inner"), inner, ChildType.SUPERVISOR), Supervisor.whichChildren(node, sup).get(0));
        assertEquals(new ChildCounts(3, 3, 1, 2), Supervisor.countChildren(node, sup));
    }

    /** OTP's which_children: the most recently started first; a restart keeps the child's place. */
    @Test
    void whichChildren_listsTheNewestFirst_andARestartedChildKeepsItsPlace() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(5, Duration.ofMinutes(1)), List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")), ChildSpec.worker("b", Kids.worker(probe, "b")),
                ChildSpec.worker("c", Kids.worker(probe, "c"))));
        probe.next(Started.class);
        Pid b = probe.next(Started.class).pid();
        probe.next(Started.class);
        assertEquals(List.of("c", "b", "a"), List.copyOf(pids(node, sup).keySet()), "static children in reverse start order");

        Supervisor.startChild(node, sup, ChildSpec.worker("d", Kids.worker(probe, "d")));
        assertEquals("d", probe.next(Started.class).id());
        node.send(b, new Kids.ExitWith(ExitReason.of("boom")));
        Started restarted = probe.next(Started.class);
        assertEquals("b", restarted.id());
        Supervisor.terminateChild(node, sup, "c");
        Supervisor.restartChild(node, sup, "c");

        Map<String, Optional<Pid>> children = pids(node, sup);
        assertEquals(List.of("d", "c", "b", "a"), List.copyOf(children.keySet()));
        assertEquals(Optional.of(restarted.pid()), children.get("b"));
    }

    @Test
    void startChild_duplicateId_isRejected() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("a", Kids.worker(probe, "a"))));
        Pid a = probe.next(Started.class).pid();

        IllegalArgumentException running = assertThrows(IllegalArgumentException.class,
                () -> Supervisor.startChild(node, sup, ChildSpec.worker("a", Kids.worker(probe, "a"))));
        assertEquals("child 'a' is already started as " + a, running.getMessage());

        Supervisor.terminateChild(node, sup, "a");
        IllegalArgumentException stopped = assertThrows(IllegalArgumentException.class,
                () -> Supervisor.startChild(node, sup, ChildSpec.worker("a", Kids.worker(probe, "a"))));
        assertEquals("child 'a' is already present (restart or delete it)", stopped.getMessage());
        assertEquals(List.of(), probe.drain(), "nothing was started");
    }

    @Test
    void startChild_failingStart_throwsAndAddsNothing() {
        Pid sup = emptySupervisor();

        StartException e = assertThrows(StartException.class,
                () -> Supervisor.startChild(agner.node(), sup, ChildSpec.worker("bad", Kids.failing("no database"))));

        assertTrue(e.getMessage().startsWith("start of child 'bad' failed: error: java.lang.IllegalStateException: no database"), e.getMessage());
        assertEquals(List.of(), Supervisor.whichChildren(agner.node(), sup));
    }

    @Test
    void startChild_ignored_keepsAPermanentChildWithoutPid_butNotATemporaryOne() {
        Pid sup = emptySupervisor();
        ChildStart ignore = (s, args) -> null;

        assertEquals(Optional.empty(), Supervisor.startChild(agner.node(), sup, ChildSpec.worker("perm", ignore)));
        assertEquals(Optional.empty(), Supervisor.startChild(agner.node(), sup,
                ChildSpec.worker("temp", ignore).withRestart(Restart.TEMPORARY)));

        assertEquals(Map.of("perm", Optional.empty()), pids(agner.node(), sup));
    }

    @Test
    void ignoredAtSupervisorStart_temporaryChildIsDropped_permanentStaysListed() {
        ChildStart ignore = (s, args) -> null;

        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of(
                ChildSpec.worker("perm", ignore), ChildSpec.worker("temp", ignore).withRestart(Restart.TEMPORARY)));

        assertEquals(Map.of("perm", Optional.empty()), pids(agner.node(), sup), "as startChild does, and OTP's start_children");
    }

    @Test
    void terminateThenRestart_startsANewProcess_andRestartOfARunningChildIsRejected() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("a", Kids.worker(probe, "a"))));
        Pid first = probe.next(Started.class).pid();

        IllegalStateException running = assertThrows(IllegalStateException.class, () -> Supervisor.restartChild(node, sup, "a"));
        assertEquals("child 'a' is running as " + first, running.getMessage());

        Supervisor.terminateChild(node, sup, "a");
        assertFalse(node.isAlive(first));
        assertEquals(new ChildCounts(1, 0, 0, 1), Supervisor.countChildren(node, sup));

        Pid second = Supervisor.restartChild(node, sup, "a").orElseThrow();
        assertEquals(second, probe.next(Started.class).pid());
        assertNotEquals(first, second);
        assertEquals(Map.of("a", Optional.of(second)), pids(node, sup));
    }

    @Test
    void deleteChild_onlyWhenNotRunning() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")), ChildSpec.worker("b", Kids.worker(probe, "b"))));
        Pid a = probe.next(Started.class).pid();

        IllegalStateException running = assertThrows(IllegalStateException.class, () -> Supervisor.deleteChild(node, sup, "a"));
        assertEquals("child 'a' is running as " + a + "; terminate it first", running.getMessage());

        Supervisor.terminateChild(node, sup, "a");
        Supervisor.deleteChild(node, sup, "a");
        assertEquals(List.of("b"), List.copyOf(pids(node, sup).keySet()));
    }

    @Test
    void unknownIds_areRejectedByName() {
        Node node = agner.node();
        Pid sup = emptySupervisor();

        assertEquals("no child 'x' under this supervisor",
                assertThrows(IllegalArgumentException.class, () -> Supervisor.restartChild(node, sup, "x")).getMessage());
        assertEquals("no child 'x' under this supervisor",
                assertThrows(IllegalArgumentException.class, () -> Supervisor.deleteChild(node, sup, "x")).getMessage());
        assertEquals("no child x under this supervisor",
                assertThrows(IllegalArgumentException.class, () -> Supervisor.terminateChild(node, sup, "x")).getMessage());
    }

    @Test
    void terminateChild_temporaryChild_isRemoved_transientStaysListed() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(
                ChildSpec.worker("temp", Kids.worker(probe, "temp")).withRestart(Restart.TEMPORARY),
                ChildSpec.worker("trans", Kids.worker(probe, "trans")).withRestart(Restart.TRANSIENT)));

        Supervisor.terminateChild(node, sup, "temp");
        Supervisor.terminateChild(node, sup, "trans");

        assertEquals(Map.of("trans", Optional.empty()), pids(node, sup));
        assertTrue(node.isAlive(sup), "a deliberate stop is not a failure");
    }

    @Test
    void staticSupervisor_rejectsDynamicCalls_andDynamicOneRejectsStaticCalls() {
        Node node = agner.node();
        Pid sup = emptySupervisor();
        Pid dyn = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("t", (s, args) -> s.spawnLink(c -> c.receive()))));

        assertEquals("startChild(args) is for simple-one-for-one supervisors; this one is ONE_FOR_ONE",
                assertThrows(IllegalStateException.class, () -> Supervisor.startChild(node, sup, List.of())).getMessage());
        assertEquals("startChild(spec) is not for simple-one-for-one supervisors; use startChild(args) / terminateChild(pid)",
                assertThrows(IllegalStateException.class, () -> Supervisor.startChild(node, dyn, ChildSpec.worker("x", (s, a) -> null))).getMessage());
        assertThrows(IllegalStateException.class, () -> Supervisor.restartChild(node, dyn, "t"));
        assertThrows(IllegalStateException.class, () -> Supervisor.deleteChild(node, dyn, "t"));
    }

    @Test
    void terminateChild_byTemplateIdOnADynamicSupervisor_isRejected_andStopsNothing() {
        Node node = agner.node();
        Pid dyn = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("t", (s, args) -> s.spawnLink(c -> c.receive(m -> false)))));
        Pid child = Supervisor.startChild(node, dyn, List.of()).orElseThrow();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Supervisor.terminateChild(node, dyn, "t"));

        assertEquals("a simple-one-for-one supervisor terminates children by pid, not by id, was 't'", e.getMessage());
        assertTrue(node.isAlive(child), "OTP: {error, simple_one_for_one}, the child keeps running");
        assertEquals(1, Supervisor.countChildren(node, dyn).active());
    }

    @Test
    void startChild_onAStoppedSupervisor_failsNamingIt() {
        Pid sup = emptySupervisor();
        agner.node().exit(sup, ExitReason.KILL);

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Supervisor.startChild(agner.node(), sup, ChildSpec.worker("a", (s, args) -> null)));

        assertTrue(e.getMessage().contains(sup.toString()), e.getMessage());
    }

    @Test
    void exitFromALinkedProcessThatIsNotAChild_isIgnored() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("a", Kids.worker(probe, "a"))), "named_sup");
        Pid a = probe.next(Started.class).pid();
        Pid stranger = node.spawn(ctx -> {
            ctx.link(sup);
            ctx.exit(ExitReason.of("stranger died"));
        });
        probe.run(ctx -> ctx.monitor(stranger));
        probe.next(Signal.Down.class);

        assertEquals(Map.of("a", Optional.of(a)), pids(node, sup), "nothing restarted");
        assertEquals(new ChildCounts(1, 1, 0, 1), Supervisor.countChildren(node, ServerRef.named("named_sup")), "alive, and callable by name");
    }
}
