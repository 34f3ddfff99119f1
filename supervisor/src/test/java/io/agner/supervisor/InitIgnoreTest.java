package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.behaviour.StateMachine;
import io.agner.behaviour.StateMachines;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.supervisor.Kids.Started;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A child whose init returns ignore (OTP's supervisor.erl): a static child stays listed without a
 * pid (a temporary one is dropped), {@code start_child} returns {@code {ok, undefined}}, a
 * dynamic child is not added. Here the children are real behaviours started with
 * {@code startLink}, whose {@code StartIgnoredException} the supervisor takes as ignore.
 */
class InitIgnoreTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    /** A gen_server that declines to start while {@code ignoring} says so, else tells the probe it started. */
    record MaybeServer(Pid probe, String id, boolean ignoring) implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            ctx.send(probe, new Started(id, ctx.self(), List.of()));
            return id;
        }

        @Override
        public Init<String> start(ProcessContext ctx) {
            return ignoring ? GenServer.ignore() : GenServer.ok(init(ctx));
        }
    }

    record IgnoringMachine() implements StateMachine<String, String> {
        @Override
        public Init<String, String> init(ProcessContext ctx) {
            return StateMachine.ignore();
        }

        @Override
        public Result<String, String> handleEvent(ProcessContext ctx, StateMachine.EventType type, Object event, String state, String data) {
            return StateMachine.next(state, data);
        }
    }

    private static ChildStart ignoring() {
        return (s, args) -> GenServers.startLink(s, new MaybeServer(null, "x", true));
    }

    @Test
    void staticChildren_initIgnores_permanentStaysListedWithoutPid_temporaryIsDropped_supervisorRuns() {
        Node node = agner.node();
        Probe probe = agner.probe();

        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(
                ChildSpec.worker("server", ignoring()),
                ChildSpec.worker("machine", (s, args) -> StateMachines.startLink(s, new IgnoringMachine())),
                ChildSpec.worker("temp", ignoring()).withRestart(Restart.TEMPORARY),
                ChildSpec.worker("next", Kids.worker(probe, "next"))));

        Pid next = probe.next(Started.class).pid();
        Map<String, Optional<Pid>> expected = new java.util.LinkedHashMap<>();
        expected.put("server", Optional.empty());
        expected.put("machine", Optional.empty());
        expected.put("next", Optional.of(next));
        assertEquals(expected, pids(node, sup));
        assertEquals(new ChildCounts(3, 1, 0, 3), Supervisor.countChildren(node, sup));
    }

    @Test
    void startChild_initIgnores_returnsEmpty_keepsThePermanentChild_whichRestartChildStartsLater() {
        Node node = agner.node();
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of());
        AtomicInteger starts = new AtomicInteger();
        ChildStart ignoreOnce = (s, args) -> GenServers.startLink(s, new MaybeServer(probe.pid(), "late", starts.incrementAndGet() == 1));

        assertEquals(Optional.empty(), Supervisor.startChild(node, sup, ChildSpec.worker("late", ignoreOnce)));
        assertEquals(Map.of("late", Optional.empty()), pids(node, sup));

        Optional<Pid> restarted = Supervisor.restartChild(node, sup, "late");
        assertEquals(probe.next(Started.class).pid(), restarted.orElseThrow());
        assertEquals(Map.of("late", restarted), pids(node, sup));
    }

    @Test
    void dynamicChild_initIgnores_returnsEmpty_andIsNotAdded() {
        Node node = agner.node();
        Pid sup = Supervisor.start(node, new SupFlags(RestartStrategy.SIMPLE_ONE_FOR_ONE, 1, Duration.ofSeconds(5)),
                List.of(ChildSpec.worker("conn", ignoring())));

        assertEquals(Optional.empty(), Supervisor.startChild(node, sup, List.of("a")));

        assertEquals(new ChildCounts(1, 0, 0, 0), Supervisor.countChildren(node, sup));
    }

    @Test
    void restart_initIgnores_staticChildStaysListedWithoutPid() {
        Node node = agner.node();
        Probe probe = agner.probe();
        AtomicInteger starts = new AtomicInteger();
        ChildStart startThenIgnore = (s, args) -> GenServers.startLink(s, new MaybeServer(probe.pid(), "flaky", starts.incrementAndGet() > 1));
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("flaky", startThenIgnore)));
        Pid flaky = probe.next(Started.class).pid();

        node.exit(flaky, ExitReason.of("boom"));

        await().until(() -> starts.get() == 2);
        assertEquals(Map.of("flaky", Optional.empty()), pids(node, sup));
        assertTrue(node.isAlive(sup));
    }
}
