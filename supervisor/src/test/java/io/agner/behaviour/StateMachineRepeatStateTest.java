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
 * gen_statem's {@code repeat_state}: the state stays, and with state enter calls the enter call
 * runs again with {@code OldState = State}; not being a state change, it retries no postponed
 * event and keeps the state timeout. On a manual clock.
 */
class StateMachineRepeatStateTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TEN = Duration.ofSeconds(10);

    /**
     * States "a" and "b"; logs enter calls and events. Casts: "repeat" repeats the state, "go b"
     * goes to b, "later" is postponed in a, "timer" sets a 10 s state timeout; once "poll 3" is
     * logged, enter calls repeat themselves until 4 are logged.
     */
    record Repeater(boolean stateEnter) implements StateMachine<String, List<String>> {
        @Override
        public Next<String, List<String>> init(ProcessContext ctx) {
            return StateMachine.next("a", List.of());
        }

        @Override
        public Result<String, List<String>> handleEvent(ProcessContext ctx, EventType type, Object event, String state, List<String> log) {
            if (type instanceof EventType.Enter(Object old)) {
                List<String> logged = append(log, "enter " + state + " from " + old);
                long polls = logged.stream().filter(e -> e.startsWith("enter")).count();
                return log.contains("poll 3 in a") && polls < 4 ? StateMachine.repeatState(logged) : StateMachine.next(state, logged);
            }
            if (type instanceof EventType.Call(From from)) {
                return StateMachine.next(state, log, Action.reply(from, log));
            }
            List<String> logged = append(log, type instanceof EventType.StateTimeout ? "state timeout in " + state : event + " in " + state);
            return switch (String.valueOf(event)) {
                case "repeat" -> StateMachine.repeatState(logged);
                case "go b" -> StateMachine.next("b", logged);
                case "later" -> "a".equals(state) ? StateMachine.next(state, logged, Action.postpone()) : StateMachine.next(state, logged);
                case "timer" -> StateMachine.next(state, logged, Action.stateTimeout(TEN, "relock"));
                default -> StateMachine.next(state, logged);
            };
        }

        private static List<String> append(List<String> log, String entry) {
            List<String> next = new ArrayList<>(log);
            next.add(entry);
            return List.copyOf(next);
        }
    }

    private Pid machine;

    private Pid start(boolean stateEnter) {
        machine = StateMachines.start(agner.node(), new Repeater(stateEnter));
        return machine;
    }

    private void cast(String event) {
        GenServers.cast(agner.node(), machine, event);
    }

    private List<?> log() {
        return (List<?>) GenServers.call(agner.node(), machine, "log", WAIT);
    }

    @Test
    void repeatState_runsTheStateEnterCallAgain_withOldStateTheStateItself() {
        start(true);
        cast("go b");
        cast("repeat");

        assertEquals(List.of("enter a from a", "go b in a", "enter b from a", "repeat in b", "enter b from b"), log());
    }

    @Test
    void repeatState_withoutStateEnterCalls_justKeepsTheState() {
        start(false);
        cast("repeat");
        cast("next");

        assertEquals(List.of("repeat in a", "next in a"), log());
    }

    @Test
    void repeatState_doesNotRetryPostponedEvents_aStateChangeDoes() {
        start(true);
        cast("later");
        cast("repeat");
        assertEquals(List.of("enter a from a", "later in a", "repeat in a", "enter a from a"), log());

        cast("go b");
        assertEquals(List.of("enter a from a", "later in a", "repeat in a", "enter a from a", "go b in a", "enter b from a", "later in b"), log());
    }

    @Test
    void repeatState_keepsTheStateTimeoutRunning() {
        start(true);
        cast("timer");
        log();
        agner.clock().advance(Duration.ofSeconds(6));
        cast("repeat");
        log();

        agner.clock().advance(Duration.ofSeconds(4)); // 10 s after it was set

        assertEquals(List.of("enter a from a", "timer in a", "repeat in a", "enter a from a", "state timeout in a"), log());
    }

    @Test
    void repeatState_fromTheStateEnterCall_runsItAgain_withTheSameOldState() {
        start(true);
        cast("poll 3");
        cast("go b"); // its enter call repeats until 4 enter calls are logged

        assertEquals(List.of("enter a from a", "poll 3 in a", "go b in a", "enter b from a", "enter b from a", "enter b from a"), log());
    }
}
