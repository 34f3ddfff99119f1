package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The callback side of a state machine (OTP's {@code gen_statem}, handle-event style); callbacks
 * run one at a time on the machine's own process.
 *
 * {@snippet :
 * StateMachines.start / startLink ──▶ init(ctx)                                      → Next(state, data, actions) | Ignore
 * GenServers.call                 ──▶ handleEvent(ctx, Call(from), request, state, data) → Next | Repeat | Stop
 * GenServers.cast                 ──▶ handleEvent(ctx, CAST, request, state, data)
 * any other message               ──▶ handleEvent(ctx, INFO, message, state, data)
 * a timeout firing                ──▶ handleEvent(ctx, EVENT_TIMEOUT | STATE_TIMEOUT | GenericTimeout(name), content, ...)
 * Action.nextEvent                ──▶ handleEvent(ctx, INTERNAL or the given type, content, ...)
 * a state change, if stateEnter() ──▶ handleEvent(ctx, Enter(oldState), null, newState, data)
 * a Repeat, if stateEnter()       ──▶ handleEvent(ctx, Enter(state), null, state, data)
 * a live upgrade (CodeServer)     ──▶ codeChange(oldVersion, oldStateView, oldDataView, extra)
 * exit                            ──▶ terminate(ctx, reason, state, data)
 * }
 *
 * <p>Semantics, as gen_statem's: a postponed event is retried only after a real state change (by
 * {@code equals}), ahead of newer events; events inserted with {@code nextEvent} go first of all.
 * An event timeout is cancelled by any event; a state timeout by a state change only (it survives
 * same-state transitions; setting another replaces it); a generic timeout only by being set again
 * or cancelled by name. Calls and system messages work as for {@link GenServer}.
 *
 * <p>A timeout of zero fires before any message still in the mailbox (system messages
 * included), once the events already queued (inserted, or postponed and retried) are handled; so
 * a zero event timeout fires only if no such event is queued, since any event cancels it.
 *
 * <p>{@link #repeatState} keeps the state and, with {@code stateEnter()}, runs the state enter
 * call again with {@code oldState} equal to the state (OTP's {@code repeat_state}): not a state
 * change, so the state timeout runs on and postponed events stay postponed. Returned from a state
 * enter call, it runs that enter call again, with the same {@code oldState}.
 *
 * <p>{@code init} returning {@link #ignore()} declines to start (OTP's {@code ignore}): see
 * {@link StartIgnoredException}.
 *
 * <p>Java twist: {@code init}'s {@code nextEvent}s, and its zero timeouts, are handled before the
 * starter returns.
 *
 * @param <S> the state (compare by {@code equals}: an enum or a record)
 * @param <D> the data
 */
public interface StateMachine<S, D> {

    /**
     * The initial state, data and actions (timeouts, next events; no postpone), or
     * {@link #ignore()} not to start. An implementation may declare {@code Next} as its return type.
     */
    Init<S, D> init(ProcessContext ctx) throws Exception;

    /** Handles one event in {@code state}; returns the transition. */
    Result<S, D> handleEvent(ProcessContext ctx, EventType type, Object event, S state, D data) throws Exception;

    /** True to be called with {@link EventType.Enter} after every state change and for the initial state. */
    default boolean stateEnter() {
        return false;
    }

    default void terminate(ProcessContext ctx, ExitReason reason, S state, D data) throws Exception {}

    /**
     * Converts an older version's state and data during a live upgrade, as
     * {@link GenServer#codeChange} does: on a fresh instance of the new version, while the process
     * is suspended, on the code server's conversion threads, with by-name views of the old state
     * and data (records as maps, enums as their constant's name). Not overridden, the code server
     * converts both by name.
     */
    @SuppressWarnings("unchecked")
    default Snapshot<S, D> codeChange(Object oldVersion, Object oldState, Object oldData, Object extra) throws Exception {
        return new Snapshot<>((S) oldState, (D) oldData);
    }

    /** A state and its data, as {@link Sys#getState} shows them. */
    record Snapshot<S, D>(S state, D data) {}

    // ---- transitions -------------------------------------------------------------------------

    /** What {@code handleEvent} returns. */
    sealed interface Result<S, D> permits Next, Repeat, Stop {}

    /** What {@code init} returns. */
    sealed interface Init<S, D> permits Next, Ignore {}

    /** Go to {@code state} (the same one keeps it) with {@code data}, then perform {@code actions} in order. */
    record Next<S, D>(S state, D data, List<Action> actions) implements Result<S, D>, Init<S, D> {
        public Next {
            actions = List.copyOf(actions);
        }
    }

    /**
     * Keep the state with {@code data}, perform {@code actions} in order, and run the state enter
     * call again if {@code stateEnter()} (OTP's {@code repeat_state}).
     */
    record Repeat<S, D>(D data, List<Action> actions) implements Result<S, D> {
        public Repeat {
            actions = List.copyOf(actions);
        }
    }

    /** Stop with {@code reason} after the {@code actions}' replies are sent. */
    record Stop<S, D>(ExitReason reason, D data, List<Action> actions) implements Result<S, D> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
            actions = List.copyOf(actions);
        }
    }

    /** Do not start (OTP's {@code ignore} from init): the process exits {@code normal}. */
    record Ignore<S, D>() implements Init<S, D> {}

    static <S, D> Next<S, D> next(S state, D data, Action... actions) {
        return new Next<>(state, data, List.of(actions));
    }

    /**
     * Keep the state and run its enter call again (OTP's {@code repeat_state}; pass the same
     * data for {@code repeat_state_and_data}).
     */
    static <S, D> Repeat<S, D> repeatState(D data, Action... actions) {
        return new Repeat<>(data, List.of(actions));
    }

    static <S, D> Stop<S, D> stop(ExitReason reason, D data, Action... actions) {
        return new Stop<>(reason, data, List.of(actions));
    }

    /** From {@code init}: do not start (OTP's {@code ignore}); the starter gets {@link StartIgnoredException}. */
    static <S, D> Ignore<S, D> ignore() {
        return new Ignore<>();
    }

    // ---- event types -------------------------------------------------------------------------

    /** Where an event came from. */
    sealed interface EventType {
        EventType CAST = new Cast();
        EventType INFO = new Info();
        EventType EVENT_TIMEOUT = new EventTimeout();
        EventType STATE_TIMEOUT = new StateTimeout();
        EventType INTERNAL = new Internal();

        /** A call: answer with {@link Action#reply}. */
        record Call(From from) implements EventType {}

        record Cast() implements EventType {}

        record Info() implements EventType {}

        record EventTimeout() implements EventType {}

        record StateTimeout() implements EventType {}

        record GenericTimeout(String name) implements EventType {}

        record Internal() implements EventType {}

        /** The machine has just entered its state from {@code oldState}; the event is null. */
        record Enter(Object oldState) implements EventType {}
    }

    // ---- actions -----------------------------------------------------------------------------

    /** What a transition does besides changing state and data. */
    sealed interface Action {

        record Reply(From from, Object value) implements Action {}

        record Postpone() implements Action {}

        record SetEventTimeout(Duration time, Object content) implements Action {}

        record SetStateTimeout(Duration time, Object content) implements Action {}

        record CancelStateTimeout() implements Action {}

        record SetGenericTimeout(String name, Duration time, Object content) implements Action {}

        record CancelGenericTimeout(String name) implements Action {}

        record NextEvent(EventType type, Object content) implements Action {}

        record Hibernate() implements Action {}

        static Action reply(From from, Object value) {
            return new Reply(from, value);
        }

        /** Keep this event for after the next state change. */
        static Action postpone() {
            return new Postpone();
        }

        /** Fire an {@link EventType#EVENT_TIMEOUT} with {@code content} after {@code time} unless another event comes first. */
        static Action eventTimeout(Duration time, Object content) {
            return new SetEventTimeout(time, content);
        }

        /** Fire a {@link EventType#STATE_TIMEOUT} after {@code time} unless the state changes first. */
        static Action stateTimeout(Duration time, Object content) {
            return new SetStateTimeout(time, content);
        }

        static Action cancelStateTimeout() {
            return new CancelStateTimeout();
        }

        /** Fire a {@link EventType.GenericTimeout} named {@code name} after {@code time}, unless set again or cancelled. */
        static Action timeout(String name, Duration time, Object content) {
            return new SetGenericTimeout(name, time, content);
        }

        static Action cancelTimeout(String name) {
            return new CancelGenericTimeout(name);
        }

        /**
         * Wait for the next event hibernating (OTP's {@code hibernate} transition option; see
         * {@link io.agner.runtime.ProcessContext#hibernate}): the process's thread and stack are
         * dropped until a message comes, and the machine resumes with its state, data, postponed
         * events and timers. For machines that wait long between events, such as an idle line.
         */
        static Action hibernate() {
            return new Hibernate();
        }

        /** Handle {@code content} as the very next event, before anything queued. */
        static Action nextEvent(EventType type, Object content) {
            return new NextEvent(type, content);
        }
    }
}
