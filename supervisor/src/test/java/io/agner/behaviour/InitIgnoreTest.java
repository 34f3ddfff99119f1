package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.StateMachine.EventType;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OTP's {@code ignore} from init: the start returns no process, and none remains. */
class InitIgnoreTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    /** Tells {@code observer} its pid, then declines to start; tells of any terminate. */
    record Declining(Pid observer) implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            throw new AssertionError("start does not call init when it declines");
        }

        @Override
        public Init<String> start(ProcessContext ctx) {
            ctx.send(observer, ctx.self());
            return GenServer.ignore();
        }

        @Override
        public void terminate(ProcessContext ctx, ExitReason reason, String state) {
            ctx.send(observer, "terminate called");
        }
    }

    record DecliningMachine(Pid observer) implements StateMachine<String, String> {
        @Override
        public Init<String, String> init(ProcessContext ctx) {
            ctx.send(observer, ctx.self());
            return StateMachine.ignore();
        }

        @Override
        public Result<String, String> handleEvent(ProcessContext ctx, EventType type, Object event, String state, String data) {
            return StateMachine.next(state, data);
        }
    }

    @Test
    void start_initIgnores_throwsStartIgnored_andTheProcessHasExitedNormally() {
        Probe observer = agner.probe();

        StartIgnoredException e = assertThrows(StartIgnoredException.class,
                () -> GenServers.start(agner.node(), new Declining(observer.pid()), "declining"));

        assertEquals(ExitReason.NORMAL, e.reason());
        assertInstanceOf(StartException.class, e, "a caller expecting a running process handles it as a failed start");
        assertTrue(e.getMessage().contains("ignored"), e.getMessage());
        Pid server = observer.next(Pid.class);
        assertFalse(agner.node().isAlive(server), "start returned, so the process must be gone");
        await().until(() -> agner.node().whereis("declining").isEmpty());
        observer.run(ctx -> ctx.send(ctx.self(), "marker")); // anything terminate sent would be ahead of it
        assertEquals("marker", observer.next(), "no terminate after ignore, as OTP");
    }

    @Test
    void startLink_initIgnores_trappingCallerGetsExitNormal_andSurvives() {
        Probe observer = agner.probe();
        Probe caller = agner.probe(SpawnOptions.DEFAULT.withTrapExit(true));

        assertThrows(StartIgnoredException.class, () -> caller.call(ctx -> GenServers.startLink(ctx, new Declining(observer.pid()))));

        Pid server = observer.next(Pid.class);
        assertEquals(new Signal.Exit(server, ExitReason.NORMAL), caller.next(Signal.Exit.class));
        assertEquals("still here", caller.call(ctx -> "still here"));
    }

    @Test
    void startLink_initIgnores_nonTrappingCallerSurvives() {
        Probe observer = agner.probe();
        Probe caller = agner.probe();

        assertThrows(StartIgnoredException.class, () -> caller.call(ctx -> GenServers.startLink(ctx, new Declining(observer.pid()))));

        assertEquals("still here", caller.call(ctx -> "still here"));
    }

    @Test
    void stateMachine_initIgnores_throwsStartIgnored_andNoProcessRemains() {
        Probe observer = agner.probe();

        StartIgnoredException e = assertThrows(StartIgnoredException.class,
                () -> StateMachines.start(agner.node(), new DecliningMachine(observer.pid()), "machine"));

        assertEquals(ExitReason.NORMAL, e.reason());
        assertFalse(agner.node().isAlive(observer.next(Pid.class)));
        await().until(() -> agner.node().whereis("machine").isEmpty());
        assertEquals(List.of(), observer.drain());
    }
}
