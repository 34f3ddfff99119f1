package io.agner.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.behaviour.StateMachine.Action;
import io.agner.behaviour.StateMachine.EventType;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.testkit.NodeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gen_statem's zero-time timeouts: an event, state or generic timeout of 0 fires before any
 * message already in the mailbox, after the events already queued. On a manual clock that the
 * tests never advance, so only a zero timeout can fire.
 */
class StateMachineZeroTimeoutTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Casts: each goes to state "armed" with the actions it names; every event is logged with the state it came in. */
    enum Arm { EVENT, STATE, GENERIC, ON_ENTER, EVENT_THEN_INSERTED, STATE_THEN_INSERTED }

    /** Logs every event as "type content in state"; enters "armed" on an {@link Arm}. */
    static final class Stepper implements StateMachine<String, List<String>> {
        @Override
        public Next<String, List<String>> init(ProcessContext ctx) {
            return StateMachine.next("idle", List.of());
        }

        @Override
        public boolean stateEnter() {
            return true;
        }

        @Override
        public Result<String, List<String>> handleEvent(ProcessContext ctx, EventType type, Object event, String state, List<String> log) {
            if (type instanceof EventType.Enter) {
                return "armed-on-enter".equals(state)
                        ? StateMachine.next(state, log, Action.stateTimeout(Duration.ZERO, "entered"))
                        : StateMachine.next(state, log);
            }
            if (type instanceof EventType.Call(From from)) {
                return StateMachine.next(state, log, Action.reply(from, log));
            }
            List<String> logged = append(log, name(type) + " " + event + " in " + state);
            if (!(event instanceof Arm arm)) {
                return StateMachine.next(state, logged);
            }
            return switch (arm) {
                case EVENT -> StateMachine.next("armed", logged, Action.eventTimeout(Duration.ZERO, "now"));
                case STATE -> StateMachine.next("armed", logged, Action.stateTimeout(Duration.ZERO, "now"));
                case GENERIC -> StateMachine.next("armed", logged, Action.timeout("g", Duration.ZERO, "now"));
                case ON_ENTER -> StateMachine.next("armed-on-enter", logged);
                case EVENT_THEN_INSERTED -> StateMachine.next("armed", logged, Action.eventTimeout(Duration.ZERO, "now"),
                        Action.nextEvent(EventType.INTERNAL, "inserted"));
                case STATE_THEN_INSERTED -> StateMachine.next("armed", logged, Action.stateTimeout(Duration.ZERO, "now"),
                        Action.nextEvent(EventType.INTERNAL, "inserted"));
            };
        }

        private static String name(EventType type) {
            return switch (type) {
                case EventType.EventTimeout t -> "event-timeout";
                case EventType.StateTimeout t -> "state-timeout";
                case EventType.GenericTimeout(String n) -> "timeout " + n;
                case EventType.Internal i -> "internal";
                default -> "cast";
            };
        }

        private static List<String> append(List<String> log, String entry) {
            List<String> next = new ArrayList<>(log);
            next.add(entry);
            return List.copyOf(next);
        }
    }

    /** Casts {@code arm} and then "waiting" while the machine is suspended, so both are queued when it handles the first. */
    private List<?> armWithAMessageWaiting(Arm arm) {
        Pid machine = StateMachines.start(agner.node(), new Stepper());
        Sys.suspend(agner.node(), machine, WAIT);
        GenServers.cast(agner.node(), machine, arm);
        GenServers.cast(agner.node(), machine, "waiting");
        Sys.resume(agner.node(), machine, WAIT);
        return (List<?>) GenServers.call(agner.node(), machine, "log", WAIT);
    }

    @Test
    void zeroEventTimeout_firesBeforeAMessageAlreadyWaiting() {
        assertEquals(List.of("cast EVENT in idle", "event-timeout now in armed", "cast waiting in armed"),
                armWithAMessageWaiting(Arm.EVENT));
    }

    @Test
    void zeroStateTimeout_firesBeforeAMessageAlreadyWaiting() {
        assertEquals(List.of("cast STATE in idle", "state-timeout now in armed", "cast waiting in armed"),
                armWithAMessageWaiting(Arm.STATE));
    }

    @Test
    void zeroGenericTimeout_firesBeforeAMessageAlreadyWaiting() {
        assertEquals(List.of("cast GENERIC in idle", "timeout g now in armed", "cast waiting in armed"),
                armWithAMessageWaiting(Arm.GENERIC));
    }

    @Test
    void zeroStateTimeout_setByTheStateEnterCall_firesBeforeAMessageAlreadyWaiting() {
        assertEquals(List.of("cast ON_ENTER in idle", "state-timeout entered in armed-on-enter", "cast waiting in armed-on-enter"),
                armWithAMessageWaiting(Arm.ON_ENTER));
    }

    /** OTP: a zero timeout goes after events already queued; an inserted event cancels a zero event timeout. */
    @Test
    void zeroEventTimeout_isCancelledByAnEventInsertedWithIt() {
        assertEquals(List.of("cast EVENT_THEN_INSERTED in idle", "internal inserted in armed", "cast waiting in armed"),
                armWithAMessageWaiting(Arm.EVENT_THEN_INSERTED));
    }

    @Test
    void zeroStateTimeout_firesAfterAnEventInsertedWithIt() {
        assertEquals(List.of("cast STATE_THEN_INSERTED in idle", "internal inserted in armed", "state-timeout now in armed",
                "cast waiting in armed"), armWithAMessageWaiting(Arm.STATE_THEN_INSERTED));
    }

    @Test
    void zeroTimeout_leavesNoTimerBehind() {
        armWithAMessageWaiting(Arm.GENERIC);
        assertEquals(0, agner.clock().pending());
    }
}
