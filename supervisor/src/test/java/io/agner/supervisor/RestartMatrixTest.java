package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static io.agner.supervisor.Kids.spec;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.Kids.Exit;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OTP's supervisor_SUITE matrix: strategy x restart type of the failed child x how it exits.
 * Children a, b, c start in that order; b fails, a and c are permanent bystanders.
 */
class RestartMatrixTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (RestartStrategy strategy : List.of(RestartStrategy.ONE_FOR_ONE, RestartStrategy.ONE_FOR_ALL, RestartStrategy.REST_FOR_ONE)) {
            for (Restart restart : Restart.values()) {
                for (Exit exit : Exit.values()) {
                    cases.add(Arguments.of(strategy, restart, exit));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} child exits {2}")
    @MethodSource("matrix")
    void failedChild_isRestartedByTypeAndStrategy(RestartStrategy strategy, Restart restart, Exit exit) {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, new SupFlags(strategy, 100, Duration.ofMinutes(1)), List.of(
                spec("a", Kids.worker(probe, "a"), Restart.PERMANENT),
                spec("b", Kids.worker(probe, "b"), restart),
                spec("c", Kids.worker(probe, "c"), Restart.PERMANENT)));
        assertEquals(List.of("a", "b", "c"), List.of(started(probe), started(probe), started(probe)));
        Map<String, Optional<Pid>> before = pids(node, sup);

        exit.apply(node, before.get("b").orElseThrow());

        boolean restarted = exit.restarts(restart);
        Map<String, Optional<Pid>> after;
        if (restarted) {
            after = await().until(() -> pids(node, sup), p -> p.get("b").isPresent() && !p.get("b").equals(before.get("b")));
        } else if (restart == Restart.TEMPORARY) {
            after = await().until(() -> pids(node, sup), p -> !p.containsKey("b"));
            assertEquals(List.of("c", "a"), List.copyOf(after.keySet()), "a temporary child is removed");
        } else {
            after = await().until(() -> pids(node, sup), p -> p.get("b").isEmpty());
            assertEquals(List.of("c", "b", "a"), List.copyOf(after.keySet()), "a transient child stays listed without a pid, in its place");
        }

        Set<String> expectRestarted = new TreeSet<>();
        if (restarted) {
            expectRestarted.add("b");
            if (strategy == RestartStrategy.ONE_FOR_ALL) {
                expectRestarted.addAll(List.of("a", "c"));
            } else if (strategy == RestartStrategy.REST_FOR_ONE) {
                expectRestarted.add("c");
            }
        }
        Set<String> actuallyRestarted = new TreeSet<>();
        // Every restart happened before whichChildren answered above; drain syncs with the probe first.
        for (Object m : probe.drain()) {
            actuallyRestarted.add(((Started) m).id());
        }
        assertEquals(expectRestarted, actuallyRestarted, "children started again");
        for (String id : List.of("a", "c")) {
            if (expectRestarted.contains(id)) {
                assertNotEquals(before.get(id), after.get(id), id + " has a new pid");
                assertTrue(after.get(id).isPresent(), id + " runs");
            } else {
                assertEquals(before.get(id), after.get(id), id + " was not touched");
            }
        }
        assertTrue(node.isAlive(sup), "the supervisor carries on");
    }

    @Test
    void oneForAll_temporaryBystander_isStoppedAndRemoved() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, new SupFlags(RestartStrategy.ONE_FOR_ALL, 5, Duration.ofMinutes(1)), List.of(
                spec("temp", Kids.worker(probe, "temp", true), Restart.TEMPORARY),
                spec("perm", Kids.worker(probe, "perm"), Restart.PERMANENT)));
        probe.next(Started.class);
        Pid perm = probe.next(Started.class).pid();

        node.send(perm, new ExitWith(ExitReason.of("boom")));

        assertEquals(new Kids.Stopped("temp", ExitReason.SHUTDOWN), probe.next());
        Started again = probe.next(Started.class);
        assertEquals("perm", again.id());
        assertEquals(List.of("perm"), List.copyOf(pids(node, sup).keySet()));
        assertEquals(Optional.of(again.pid()), pids(node, sup).get("perm"));
    }

    @Test
    void restForOne_failedFirstChild_restartsAll_failedLastChild_restartsOnlyIt() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, new SupFlags(RestartStrategy.REST_FOR_ONE, 5, Duration.ofMinutes(1)), List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")),
                ChildSpec.worker("b", Kids.worker(probe, "b")),
                ChildSpec.worker("c", Kids.worker(probe, "c"))));
        Pid a = probe.next(Started.class).pid();
        probe.next(Started.class);
        Pid c = probe.next(Started.class).pid();

        node.send(a, new ExitWith(ExitReason.of("boom")));
        assertEquals(List.of("a", "b", "c"), List.of(started(probe), started(probe), started(probe)), "restarted in start order");

        Map<String, Optional<Pid>> middle = pids(node, sup);
        node.send(middle.get("c").orElseThrow(), new ExitWith(ExitReason.of("boom")));
        assertEquals("c", started(probe));
        Map<String, Optional<Pid>> last = pids(node, sup);
        assertEquals(middle.get("a"), last.get("a"));
        assertEquals(middle.get("b"), last.get("b"));
        assertNotEquals(Optional.of(c), last.get("c"));
        assertEquals(List.of(), probe.drain(), "nothing else started");
    }

    private static String started(Probe probe) {
        return probe.next(Started.class).id();
    }
}
