package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.Exit;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.supervisor.Kids.Stopped;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OTP 24's {@code auto_shutdown} and {@code significant}: a supervisor that ends when its
 * significant children end by themselves, never when it stops them itself.
 */
class AutoShutdownTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final ChildStart NOTHING = (sup, args) -> null;

    private static SupFlags flags(RestartStrategy strategy, AutoShutdown autoShutdown) {
        return new SupFlags(strategy, 100, Duration.ofMinutes(1), autoShutdown);
    }

    private static ChildSpec significant(Probe probe, String id, Restart restart) {
        return ChildSpec.worker(id, Kids.worker(probe, id)).withRestart(restart).withSignificant(true);
    }

    /** A permanent bystander that reports its {@code shutdown} when the supervisor stops it. */
    private static ChildSpec bystander(Probe probe) {
        return ChildSpec.worker("bystander", Kids.worker(probe, "bystander", true));
    }

    /** A probe that monitors {@code sup}, to see it exit. */
    private Probe watching(Pid sup) {
        Probe watcher = agner.probe();
        watcher.run(ctx -> ctx.monitor(sup));
        return watcher;
    }

    private static void assertShutDown(Probe watcher, Probe children) {
        assertEquals(ExitReason.SHUTDOWN, watcher.next(Signal.Down.class).reason(), "the supervisor exits with shutdown");
        assertEquals(List.of(new Stopped("bystander", ExitReason.SHUTDOWN)), children.drain(), "after stopping its other children");
    }

    // ---- semantics ---------------------------------------------------------------------------

    static Stream<Arguments> endings() {
        List<Arguments> cases = new ArrayList<>();
        for (Restart restart : List.of(Restart.TRANSIENT, Restart.TEMPORARY)) {
            for (Exit exit : Exit.values()) {
                cases.add(Arguments.of(restart, exit));
            }
        }
        return cases.stream();
    }

    /** OTP: a temporary significant child ending in any way, or a transient one ending normally, shuts it down. */
    @ParameterizedTest(name = "{0} significant child exits {1}")
    @MethodSource("endings")
    void anySignificant_significantChildEndingByItself_shutsTheSupervisorDown_unlessItIsRestarted(Restart restart, Exit exit) {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                List.of(bystander(probe), significant(probe, "job", restart)));
        probe.next(Started.class);
        Pid job = probe.next(Started.class).pid();
        Probe watcher = watching(sup);

        exit.apply(node, job);

        if (exit.restarts(restart)) {
            Started again = probe.next(Started.class);
            assertEquals("job", again.id());
            assertEquals(Optional.of(again.pid()), pids(node, sup).get("job"), "restarted, so it did not end");
            assertTrue(node.isAlive(sup));
        } else {
            assertShutDown(watcher, probe);
            assertFalse(node.isAlive(sup));
        }
    }

    @Test
    void anySignificant_nonSignificantChildEnding_doesNotShutItDown() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT), List.of(
                significant(probe, "job", Restart.TEMPORARY),
                ChildSpec.worker("helper", Kids.worker(probe, "helper")).withRestart(Restart.TEMPORARY)));
        Pid job = probe.next(Started.class).pid();
        Pid helper = probe.next(Started.class).pid();

        node.send(helper, new ExitWith(ExitReason.NORMAL));

        await().until(() -> pids(node, sup), p -> !p.containsKey("helper"));
        assertEquals(Map.of("job", Optional.of(job)), pids(node, sup));
    }

    @Test
    void allSignificant_shutsDownWhenTheLastSignificantChildEnds() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT), List.of(
                bystander(probe), significant(probe, "first", Restart.TRANSIENT), significant(probe, "second", Restart.TEMPORARY)));
        probe.next(Started.class);
        Pid first = probe.next(Started.class).pid();
        Pid second = probe.next(Started.class).pid();
        Probe watcher = watching(sup);

        node.send(first, new ExitWith(ExitReason.shutdown("done")));
        await().until(() -> pids(node, sup).get("first"), Optional::isEmpty);
        assertTrue(node.isAlive(sup), "one significant child is still running");

        node.send(second, new ExitWith(ExitReason.of("failed")));

        assertShutDown(watcher, probe);
    }

    @Test
    void terminateChild_ofASignificantChild_doesNotShutItDown() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT), List.of(
                significant(probe, "trans", Restart.TRANSIENT), significant(probe, "temp", Restart.TEMPORARY)));
        probe.next(Started.class);
        probe.next(Started.class);

        Supervisor.terminateChild(node, sup, "trans");
        Supervisor.terminateChild(node, sup, "temp");

        assertEquals(Map.of("trans", Optional.empty()), pids(node, sup), "the supervisor carries on");
    }

    @Test
    void significantSibling_stoppedForAOneForAllRestart_doesNotShutItDown() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.ONE_FOR_ALL, AutoShutdown.ANY_SIGNIFICANT), List.of(
                significant(probe, "temp", Restart.TEMPORARY), significant(probe, "trans", Restart.TRANSIENT),
                ChildSpec.worker("perm", Kids.worker(probe, "perm"))));
        probe.next(Started.class);
        Pid trans = probe.next(Started.class).pid();
        Pid perm = probe.next(Started.class).pid();

        node.send(perm, new ExitWith(ExitReason.of("boom")));

        assertEquals("trans", probe.next(Started.class).id());
        assertEquals("perm", probe.next(Started.class).id());
        Map<String, Optional<Pid>> after = pids(node, sup);
        assertEquals(List.of("perm", "trans"), List.copyOf(after.keySet()), "the temporary one stopped and dropped, as always");
        assertNotEquals(Optional.of(trans), after.get("trans"));
    }

    @Test
    void allSignificant_childrenTheSupervisorStopped_countAsEnded() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT), List.of(
                bystander(probe), significant(probe, "stopped", Restart.TRANSIENT), significant(probe, "last", Restart.TRANSIENT)));
        probe.next(Started.class);
        probe.next(Started.class);
        Pid last = probe.next(Started.class).pid();
        Probe watcher = watching(sup);

        Supervisor.terminateChild(node, sup, "stopped");
        assertTrue(node.isAlive(sup), "stopping it does not trigger the shutdown");
        node.send(last, new ExitWith(ExitReason.NORMAL));

        assertShutDown(watcher, probe);
    }

    @Test
    void simpleOneForOne_anySignificant_shutsDownWhenAnyDynamicChildEnds() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.SIMPLE_ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                List.of(significant(probe, "conn", Restart.TEMPORARY)));
        Pid one = Supervisor.startChild(node, sup, List.of(1)).orElseThrow();
        Pid two = Supervisor.startChild(node, sup, List.of(2)).orElseThrow();
        Probe watcher = watching(sup);
        watcher.run(ctx -> ctx.monitor(two));

        node.send(one, new ExitWith(ExitReason.NORMAL));

        assertEquals(two, watcher.next(Signal.Down.class).pid(), "the other child is stopped first");
        Signal.Down down = watcher.next(Signal.Down.class);
        assertEquals(sup, down.pid());
        assertEquals(ExitReason.SHUTDOWN, down.reason());
    }

    @Test
    void simpleOneForOne_allSignificant_shutsDownWhenTheLastDynamicChildEnds() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, flags(RestartStrategy.SIMPLE_ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT),
                List.of(significant(probe, "conn", Restart.TRANSIENT)));
        Pid one = Supervisor.startChild(node, sup, List.of(1)).orElseThrow();
        Pid two = Supervisor.startChild(node, sup, List.of(2)).orElseThrow();
        Probe watcher = watching(sup);

        node.send(one, new ExitWith(ExitReason.NORMAL));
        await().until(() -> Supervisor.countChildren(node, sup).workers() == 1);
        Supervisor.terminateChild(node, sup, two);
        assertTrue(node.isAlive(sup), "stopping the last one does not trigger the shutdown");
        Pid three = Supervisor.startChild(node, sup, List.of(3)).orElseThrow();
        node.send(three, new ExitWith(ExitReason.shutdown("hung up")));

        assertEquals(ExitReason.SHUTDOWN, watcher.next(Signal.Down.class).reason());
    }

    /** The usual shape: a transient child supervisor that ends with its job, and is not restarted. */
    @Test
    void autoShutdownSupervisor_asATransientChild_endsForGood() {
        Node node = agner.node();
        Probe probe = agner.probe();
        ChildSpec jobSup = ChildSpec.supervisor("job_sup", (s, args) -> Supervisor.startLink(s,
                flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                List.of(significant(probe, "job", Restart.TRANSIENT)))).withRestart(Restart.TRANSIENT);
        Pid top = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(0, Duration.ofSeconds(5)), List.of(jobSup));
        Pid job = probe.next(Started.class).pid();

        node.send(job, new ExitWith(ExitReason.NORMAL));

        await().until(() -> pids(node, top).get("job_sup"), Optional::isEmpty);
        assertTrue(node.isAlive(top), "shutdown is an orderly exit: not restarted, nothing counted");
    }

    // ---- validity ----------------------------------------------------------------------------

    @Test
    void defaults_areOtps_noAutoShutdown_andNoSignificantChild() {
        assertEquals(AutoShutdown.NEVER, SupFlags.DEFAULT.autoShutdown());
        assertEquals(AutoShutdown.NEVER, new SupFlags(RestartStrategy.ONE_FOR_ALL, 3, Duration.ofSeconds(5)).autoShutdown());
        assertEquals(AutoShutdown.ALL_SIGNIFICANT, SupFlags.DEFAULT.withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT)
                .withStrategy(RestartStrategy.REST_FOR_ONE).withIntensity(2, Duration.ofSeconds(1)).autoShutdown());
        assertFalse(ChildSpec.worker("w", NOTHING).significant());
        assertTrue(ChildSpec.worker("w", NOTHING).withSignificant(true).withRestart(Restart.TEMPORARY)
                .withShutdown(Shutdown.BRUTAL_KILL).significant());
        assertEquals("autoShutdown", assertThrows(NullPointerException.class, () -> SupFlags.DEFAULT.withAutoShutdown(null)).getMessage());
    }

    @Test
    void significantPermanentChild_isRefused_atStartAndByStartChild() {
        Node node = agner.node();
        SupFlags any = flags(RestartStrategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT);
        ChildSpec permanent = ChildSpec.worker("p", NOTHING).withSignificant(true);
        String expected = "child 'p' is significant, so it must be TRANSIENT or TEMPORARY, not PERMANENT";

        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Supervisor.start(node, any, List.of(permanent))).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Supervisor.start(node, any.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE), List.of(permanent))).getMessage());
        Pid sup = Supervisor.start(node, any, List.of());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Supervisor.startChild(node, sup, permanent)).getMessage());
        assertEquals(List.of(), Supervisor.whichChildren(node, sup));
    }

    @Test
    void significantChild_underAutoShutdownNever_isRefused() {
        Node node = agner.node();
        ChildSpec temporary = ChildSpec.worker("t", NOTHING).withRestart(Restart.TEMPORARY).withSignificant(true);
        String expected = "child 't' is significant, but the supervisor's autoShutdown is NEVER (see SupFlags.withAutoShutdown)";

        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Supervisor.start(node, SupFlags.DEFAULT, List.of(temporary))).getMessage());
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Supervisor.startChild(node, sup, temporary)).getMessage());
        assertEquals(List.of(), Supervisor.whichChildren(node, sup));
    }
}
