package com.example.gettingstarted;

import io.agner.behaviour.From;
import io.agner.behaviour.StateMachine;
import io.agner.runtime.ProcessContext;
import java.time.Duration;

/**
 * A coin-operated turnstile as a gen_statem-style state machine: a {@link #COIN} (cast) unlocks it,
 * a {@link #PUSH} (cast) lets one person through and locks it again; left unlocked for
 * {@link #RELOCK_AFTER} it locks itself (a state timeout, cancelled by leaving the state). The call
 * {@link #STATE} answers the state; the data counts the people let through.
 */
public final class Turnstile implements StateMachine<Turnstile.State, Integer> {

    public enum State { LOCKED, UNLOCKED }

    public static final String COIN = "coin";
    public static final String PUSH = "push";
    public static final String STATE = "state?";
    public static final String PASSED = "passed?";
    public static final Duration RELOCK_AFTER = Duration.ofSeconds(10);

    @Override
    public Next<State, Integer> init(ProcessContext ctx) {
        return StateMachine.next(State.LOCKED, 0);
    }

    @Override
    public Result<State, Integer> handleEvent(ProcessContext ctx, EventType type, Object event, State state, Integer passed) {
        if (type instanceof EventType.Call(From from)) {
            Object answer = STATE.equals(event) ? state : passed;
            return StateMachine.next(state, passed, Action.reply(from, answer));
        }
        return switch (state) {
            case LOCKED -> COIN.equals(event)
                    ? StateMachine.next(State.UNLOCKED, passed, Action.stateTimeout(RELOCK_AFTER, "relock"))
                    : StateMachine.next(State.LOCKED, passed);
            case UNLOCKED -> {
                if (PUSH.equals(event)) {
                    yield StateMachine.next(State.LOCKED, passed + 1);
                }
                yield type.equals(EventType.STATE_TIMEOUT) ? StateMachine.next(State.LOCKED, passed) : StateMachine.next(State.UNLOCKED, passed);
            }
        };
    }
}
