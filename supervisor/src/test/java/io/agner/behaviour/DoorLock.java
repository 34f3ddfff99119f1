package io.agner.behaviour;

import io.agner.behaviour.StateMachine.Action;
import io.agner.behaviour.StateMachine.EventType;
import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * gen_statem's door-lock example, used by {@link StateMachineTest}: buttons are cast; the right
 * code opens the door for 10 seconds (a state timeout) unless "lock" closes it first; a
 * half-typed code is forgotten after 5 seconds without a button (an event timeout); "walk" waits
 * (postponed, logged each time) until the door is open; an "alarm" generic timeout, set on
 * opening, rings unless cancelled. Every state entry, info message and code change is logged in
 * the data; {@code terminate} tells the process registered as "door-observer".
 */
final class DoorLock implements StateMachine<DoorLock.State, DoorLock.Data> {

    enum State { LOCKED, OPEN }

    record Data(String code, String typed, List<String> log) {
        Data with(String typed, String entry) {
            List<String> l = new ArrayList<>(log);
            if (entry != null) {
                l.add(entry);
            }
            return new Data(code, typed, List.copyOf(l));
        }
    }

    record Button(char digit) {}

    static final Duration OPEN_FOR = Duration.ofSeconds(10);
    static final Duration FORGET_AFTER = Duration.ofSeconds(5);

    private final String code;
    private final boolean trapExit;

    DoorLock(String code) {
        this(code, false);
    }

    /** With {@code trapExit}, the machine terminates (and tells the observer) when its parent exits. */
    DoorLock(String code, boolean trapExit) {
        this.code = code;
        this.trapExit = trapExit;
    }

    @Override
    public boolean stateEnter() {
        return true;
    }

    @Override
    public Next<State, Data> init(ProcessContext ctx) {
        ctx.trapExit(trapExit);
        return StateMachine.next(State.LOCKED, new Data(code, "", List.of()));
    }

    @Override
    public Result<State, Data> handleEvent(ProcessContext ctx, EventType type, Object event, State state, Data data) {
        if (type instanceof EventType.Enter(Object old)) {
            Data logged = data.with("", "enter " + state + " from " + old);
            return state == State.OPEN
                    ? StateMachine.next(state, logged, Action.stateTimeout(OPEN_FOR, "relock"), Action.timeout("alarm", Duration.ofSeconds(30), "ring"))
                    : StateMachine.next(state, logged);
        }
        if (type.equals(EventType.INFO)) {
            return StateMachine.next(state, data.with(data.typed(), "info " + event));
        }
        if (type instanceof EventType.Call(From from)) {
            return switch (String.valueOf(event)) {
                case "state?" -> StateMachine.next(state, data, Action.reply(from, state));
                case "disarm" -> StateMachine.next(state, data, Action.cancelTimeout("alarm"), Action.reply(from, "disarmed"));
                case "break" -> StateMachine.stop(ExitReason.of("broken"), data, Action.reply(from, "breaking"));
                default -> StateMachine.next(state, data, Action.reply(from, "unknown"));
            };
        }
        return switch (state) {
            case LOCKED -> locked(type, event, data);
            case OPEN -> open(type, event, data);
        };
    }

    private Result<State, Data> locked(EventType type, Object event, Data data) {
        if (event instanceof Button(char d)) {
            String typed = data.typed() + d;
            if (typed.equals(data.code())) {
                return StateMachine.next(State.OPEN, data.with("", "opened"));
            }
            return StateMachine.next(State.LOCKED, data.with(typed, null), Action.eventTimeout(FORGET_AFTER, "forget"));
        }
        if (type.equals(EventType.EVENT_TIMEOUT)) {
            return StateMachine.next(State.LOCKED, data.with("", "forgot " + data.typed()));
        }
        if ("walk".equals(event)) {
            return StateMachine.next(State.LOCKED, data.with(data.typed(), "postponed walk"), Action.postpone());
        }
        if (type.equals(EventType.STATE_TIMEOUT)) { // none is set in LOCKED: one here leaked from OPEN
            return StateMachine.next(State.LOCKED, data.with(data.typed(), "state timeout in LOCKED"));
        }
        if ("double".equals(event)) { // two internal events, handled before anything queued
            return StateMachine.next(State.LOCKED, data, Action.nextEvent(EventType.INTERNAL, "first"),
                    Action.nextEvent(EventType.INTERNAL, "second"));
        }
        if (type.equals(EventType.INTERNAL) || "note".equals(event)) {
            return StateMachine.next(State.LOCKED, data.with(data.typed(), event.toString()));
        }
        if (type instanceof EventType.GenericTimeout(String name)) {
            return StateMachine.next(State.LOCKED, data.with(data.typed(), name + " " + event));
        }
        return StateMachine.next(State.LOCKED, data);
    }

    private Result<State, Data> open(EventType type, Object event, Data data) {
        if (type.equals(EventType.STATE_TIMEOUT)) {
            return StateMachine.next(State.LOCKED, data.with("", "relocked"));
        }
        if ("walk".equals(event)) {
            return StateMachine.next(State.OPEN, data.with("", "walked through"));
        }
        if ("lock".equals(event)) { // a state change: cancels the relock state timeout
            return StateMachine.next(State.LOCKED, data.with("", "locked by hand"));
        }
        if (type instanceof EventType.GenericTimeout(String name)) {
            return StateMachine.next(State.OPEN, data.with("", name + " " + event));
        }
        return StateMachine.next(State.OPEN, data.with("", "ignored " + event)); // same state: the state timeout runs on
    }

    /** Keeps state, typed digits and log; takes this version's code, and logs the change. */
    @Override
    public Snapshot<State, Data> codeChange(Object oldVersion, Object oldState, Object oldData, Object extra) {
        Data old = (Data) oldData;
        Data converted = new Data(code, old.typed(), old.log()).with(old.typed(), "code change from " + oldVersion + " (" + extra + ")");
        return new Snapshot<>((State) oldState, converted);
    }

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason, State state, Data data) {
        ctx.send("door-observer", "terminated " + reason + " in " + state);
    }
}
