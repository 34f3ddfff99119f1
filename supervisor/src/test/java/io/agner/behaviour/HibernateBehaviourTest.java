package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.agner.behaviour.StateMachine.Action;
import io.agner.behaviour.StateMachine.EventType;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OTP's {@code hibernate} in the behaviours: a state machine's {@link Action#hibernate()} and a
 * server's {@link GenServer.Then.Hibernate} drop the process's thread until the next message, and
 * the behaviour carries on with its state, data and timers as if it had only waited.
 */
class HibernateBehaviourTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    /** A counter machine: "idle" hibernates, "busy" does not; remembers the thread of its last event. */
    static final class Counter implements StateMachine<String, Integer> {
        final AtomicReference<Thread> lastThread = new AtomicReference<>();

        @Override
        public Next<String, Integer> init(ProcessContext ctx) {
            lastThread.set(Thread.currentThread());
            return StateMachine.next("idle", 0, Action.hibernate());
        }

        @Override
        public Result<String, Integer> handleEvent(ProcessContext ctx, EventType type, Object event, String state, Integer data) {
            lastThread.set(Thread.currentThread());
            if (type instanceof EventType.Call(From from)) {
                return StateMachine.next(state, data, Action.reply(from, state + " " + data), Action.hibernate());
            }
            if (type == EventType.STATE_TIMEOUT) {
                return StateMachine.next("idle", data + 100, Action.hibernate());
            }
            return switch ((String) event) {
                case "inc" -> StateMachine.next("idle", data + 1, Action.hibernate());
                case "work" -> StateMachine.next("busy", data, Action.stateTimeout(Duration.ofMillis(20), "done"), Action.hibernate());
                case "crash" -> throw new IllegalStateException("crashed while hibernating between events");
                default -> StateMachine.next(state, data);
            };
        }
    }

    @Test
    void stateMachine_hibernates_andResumesWithItsStateAndData() {
        Counter code = new Counter();
        Pid machine = StateMachines.start(agner.node(), code, "counter");
        Thread initThread = code.lastThread.get();
        await().until(() -> !initThread.isAlive());              // hibernating after init: no thread

        GenServers.cast(agner.node(), machine, "inc");
        GenServers.cast(agner.node(), machine, "inc");
        assertEquals("idle 2", GenServers.call(agner.node(), machine, "state?", WAIT));
        assertNotSame(initThread, code.lastThread.get());

        @SuppressWarnings("unchecked")
        var snapshot = (StateMachine.Snapshot<String, Integer>) Sys.getState(agner.node(), machine, WAIT);
        assertEquals(new StateMachine.Snapshot<>("idle", 2), snapshot);   // a system message resumes it too
    }

    @Test
    void stateMachine_hibernatesAgainAfterASystemMessage_asOtpKeepsHibernateAcrossSys() {
        Pid machine = StateMachines.start(agner.node(), new Counter(), "counter");
        await().until(() -> agner.node().stackTrace(machine).isEmpty());     // hibernating: no thread, no stack

        Sys.getState(agner.node(), machine, WAIT);                             // wakes it for the system message

        await().until(() -> agner.node().stackTrace(machine).isEmpty());     // and it hibernates again, not parks
        assertEquals("idle 0", GenServers.call(agner.node(), machine, "state?", WAIT));
    }

    @Test
    void stateMachine_aTimeoutSetBeforeHibernatingStillFires() {
        Counter code = new Counter();
        Pid machine = StateMachines.start(agner.node(), code, "counter");
        GenServers.cast(agner.node(), machine, "work");
        await().atMost(WAIT).until(() -> GenServers.call(agner.node(), machine, "state?", WAIT).equals("idle 100"));
    }

    @Test
    void stateMachine_crashAfterHibernating_isReportedToItsLinksAsUsual() {
        Probe probe = agner.probe();
        Pid machine = probe.call(ctx -> {
            ctx.trapExit(true);
            return StateMachines.startLink(ctx, new Counter());
        });
        GenServers.cast(agner.node(), machine, "crash");
        Signal.Exit exit = probe.next(Signal.Exit.class);
        assertEquals(machine, exit.from());
        assertEquals(IllegalStateException.class, ((ExitReason.Error) exit.reason()).cause().getClass());
    }

    /**
     * A gate that hibernates after every event: "x" waits (postponed) while it is closed, "arm"
     * sets a generic timeout; "open" lets the waiting ones through.
     */
    static final class Gate implements StateMachine<String, Integer> {
        @Override
        public Next<String, Integer> init(ProcessContext ctx) {
            return StateMachine.next("closed", 0, Action.hibernate());
        }

        @Override
        public Result<String, Integer> handleEvent(ProcessContext ctx, EventType type, Object event, String state, Integer data) {
            if (type instanceof EventType.Call(From from)) {
                return StateMachine.next(state, data, Action.reply(from, state + " " + data), Action.hibernate());
            }
            if (type instanceof EventType.GenericTimeout) {
                return StateMachine.next(state, data + 100, Action.hibernate());
            }
            return switch ((String) event) {
                case "x" -> state.equals("closed")
                        ? StateMachine.next(state, data, Action.postpone(), Action.hibernate())
                        : StateMachine.next(state, data + 1, Action.hibernate());
                case "arm" -> StateMachine.next(state, data, Action.timeout("bell", Duration.ofMillis(20), "ring"), Action.hibernate());
                case "open" -> StateMachine.next("open", data, Action.hibernate());
                default -> StateMachine.next(state, data);
            };
        }
    }

    @Test
    void stateMachine_postponedEventsAndGenericTimeouts_surviveHibernation() {
        Pid gate = StateMachines.start(agner.node(), new Gate(), "gate");
        GenServers.cast(agner.node(), gate, "x");
        GenServers.cast(agner.node(), gate, "x");
        GenServers.cast(agner.node(), gate, "arm");
        await().atMost(WAIT).until(() -> GenServers.call(agner.node(), gate, "state?", WAIT).equals("closed 100"));
        await().until(() -> agner.node().stackTrace(gate).isEmpty());   // hibernating, two events postponed

        GenServers.cast(agner.node(), gate, "open");
        assertEquals("open 102", GenServers.call(agner.node(), gate, "state?", WAIT));
    }

    /** A server that hibernates after every message. */
    static final class Sleepy implements GenServer<Integer> {
        final AtomicReference<Thread> lastThread = new AtomicReference<>();

        @Override
        public Integer init(ProcessContext ctx) {
            return 0;
        }

        @Override
        public Result<Integer> handleCall(ProcessContext ctx, Object request, From from, Integer state) {
            lastThread.set(Thread.currentThread());
            return new Reply<>(state, state).hibernating();
        }

        @Override
        public Result<Integer> handleCast(ProcessContext ctx, Object request, Integer state) {
            lastThread.set(Thread.currentThread());
            return new NoReply<>(state + (Integer) request).hibernating();
        }
    }

    @Test
    void genServer_hibernates_betweenMessages() {
        Sleepy code = new Sleepy();
        Pid server = GenServers.start(agner.node(), code, "sleepy");
        GenServers.cast(agner.node(), server, 5);
        assertEquals(5, GenServers.call(agner.node(), server, "get", WAIT));
        Thread first = code.lastThread.get();
        await().until(() -> !first.isAlive());
        GenServers.cast(agner.node(), server, 2);
        assertEquals(7, GenServers.call(agner.node(), server, "get", WAIT));
        assertNotSame(first, code.lastThread.get());
    }
}
