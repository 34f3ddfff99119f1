package io.agner.behaviour;

import io.agner.behaviour.StateMachine.Action;
import io.agner.behaviour.StateMachine.EventType;
import io.agner.runtime.Alias;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.TimerRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A {@link StateMachine}'s process (OTP's gen_statem engine): turns messages into events, runs
 * transitions, keeps postponed events and timers. Runs on the machine's own process only; the
 * {@link Machine} it carries is mutable and confined to that process.
 */
final class StateMachineLoop<S, D> extends BehaviourLoop<StateMachineLoop.Machine<S, D>> {

    /** An event waiting to be handled. */
    record Event(EventType type, Object content) {}

    /** A timeout's message to ourselves; acted on only if {@code tag} is still the live one. */
    record Fired(Ref tag, EventType type, Object content) {}

    /** A running timer. */
    record Timer(Ref tag, TimerRef ref) {
        void cancel() {
            ref.cancel();
        }
    }

    /**
     * A machine's state between messages. Its collections are made on first use and an empty one
     * is dropped when the machine hibernates ({@link #takeHibernate}): most machines never postpone
     * or set a generic timeout, and a hibernating one (an idle line among a million) then holds none.
     */
    static final class Machine<S, D> {
        S state;
        D data;
        private Deque<Event> postponed;          // null: none
        Timer eventTimer;
        Timer stateTimer;
        private Map<String, Timer> generic;      // null: none running
        /** Zero-time timeouts, in the order set: due before the next message is taken (OTP's t0q); null: none. */
        private Deque<Fired> dueNow;
        /** A transition since the last message asked to hibernate ({@link Action#hibernate}). */
        boolean hibernate;
        /** The events of the message being handled; empty between messages, kept to save an allocation per message. */
        private Deque<Event> queue;

        Deque<Event> queue() {
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            return queue;
        }

        void postpone(Event e) {
            if (postponed == null) {
                postponed = new ArrayDeque<>(4);
            }
            postponed.addLast(e);
        }

        /** Puts the postponed events back at the front of {@code queue}, oldest first. */
        void retryPostponed(Deque<Event> queue) {
            while (postponed != null && !postponed.isEmpty()) {
                queue.addFirst(postponed.pollLast());
            }
        }

        void addDue(Fired f) {
            if (dueNow == null) {
                dueNow = new ArrayDeque<>(4);
            }
            dueNow.addLast(f);
        }

        /** The oldest zero-time timeout not taken yet, or null. */
        Fired pollDue() {
            return dueNow == null ? null : dueNow.pollFirst();
        }

        /** Sets the generic timer {@code name}; returns the one it replaces, or null. */
        Timer putGeneric(String name, Timer timer) {
            if (generic == null) {
                generic = new HashMap<>(4);
            }
            return generic.put(name, timer);
        }

        /** The running generic timer named {@code name}, or null. */
        Timer generic(String name) {
            return generic == null ? null : generic.get(name);
        }

        /** Takes out the generic timer {@code name}; returns it, or null if none runs. */
        Timer removeGeneric(String name) {
            return generic == null ? null : generic.remove(name);
        }

        /** Drops the collections that are empty: the machine is about to hibernate. */
        private void trim() {
            if (postponed != null && postponed.isEmpty()) {
                postponed = null;
            }
            if (generic != null && generic.isEmpty()) {
                generic = null;
            }
            if (dueNow != null && dueNow.isEmpty()) {
                dueNow = null;
            }
            if (queue != null && queue.isEmpty()) {
                queue = null;
            }
        }

        /** Whether to wait hibernating, now cleared. */
        boolean takeHibernate() {
            boolean h = hibernate;
            hibernate = false;
            if (h) {
                trim();
            }
            return h;
        }
    }

    /** Timeouts at least this long never fire (e.g. {@code ChronoUnit.FOREVER.getDuration()}). */
    private static final Duration NEVER = Duration.ofDays(365L * 100);

    private StateMachine<S, D> code; // replaced by an upgrade's commit

    StateMachineLoop(StateMachine<S, D> code, Pid parent, Alias starter) {
        super("gen_statem", parent, starter);
        this.code = code;
    }

    @Override
    Step<Machine<S, D>> init(ProcessContext ctx) throws Exception {
        StateMachine.Next<S, D> first = switch (code.init(ctx)) {
            case null -> throw new IllegalStateException(code.getClass().getName() + ".init returned null");
            case StateMachine.Ignore<S, D> i -> null;
            case StateMachine.Next<S, D> next -> next;
        };
        if (first == null) {
            return new Ignore<>();
        }
        Machine<S, D> m = new Machine<>();
        m.state = first.state();
        m.data = first.data();
        Deque<Event> queue = new ArrayDeque<>();
        List<Event> inserted = perform(ctx, m, first.actions(), null, true);
        if (code.stateEnter()) {
            enter(ctx, m, m.state);
        }
        inserted.reversed().forEach(queue::addFirst);
        StateMachine.Result<S, D> stop = drain(ctx, m, queue);
        if (stop instanceof StateMachine.Stop<S, D> s) {
            m.data = s.data();
            return new Exit<>(s.reason(), m); // a failed start: no terminate, as for a throwing init
        }
        return new Continue<>(m, null, null, m.takeHibernate());
    }

    @Override
    Step<Machine<S, D>> handle(ProcessContext ctx, Object message, Machine<S, D> m) throws Exception {
        Event event = switch (message) {
            case Protocol.Call c -> new Event(new EventType.Call(c.from()), c.request());
            case Protocol.Cast c -> new Event(EventType.CAST, c.request());
            case Fired f -> live(m, f) ? new Event(f.type(), f.content()) : null;
            default -> new Event(EventType.INFO, message);
        };
        if (event == null) {
            return new Continue<>(m); // a timeout that was cancelled or replaced after it fired
        }
        Deque<Event> queue = m.queue();
        queue.clear();                       // empty unless a handler threw (and then the process is exiting)
        queue.add(event);
        if (drain(ctx, m, queue) instanceof StateMachine.Stop<S, D> s) {
            m.data = s.data();
            return new Exit<>(s.reason(), m);
        }
        return new Continue<>(m, null, null, m.takeHibernate());
    }

    /**
     * Handles queued events in order until none is left, then each zero-time timeout still live
     * (and the events it leads to), so all of them go before the next message; returns a Stop if
     * one stopped the machine.
     */
    private StateMachine.Result<S, D> drain(ProcessContext ctx, Machine<S, D> m, Deque<Event> queue) throws Exception {
        while (true) {
            StateMachine.Result<S, D> stop = handleQueued(ctx, m, queue);
            if (stop != null) {
                return stop;
            }
            Fired due = m.pollDue();
            if (due == null) {
                return null;
            }
            if (live(m, due)) { // else cancelled, replaced, or (an event timeout) cancelled by an event meanwhile
                queue.add(new Event(due.type(), due.content()));
            }
        }
    }

    /** Handles queued events in order until none is left; returns a Stop if one stopped the machine. */
    private StateMachine.Result<S, D> handleQueued(ProcessContext ctx, Machine<S, D> m, Deque<Event> queue) throws Exception {
        while (!queue.isEmpty()) {
            Event event = queue.pollFirst();
            if (m.eventTimer != null) { // any event cancels the event timeout
                m.eventTimer.cancel();
                m.eventTimer = null;
            }
            StateMachine.Result<S, D> result = code.handleEvent(ctx, event.type(), event.content(), m.state, m.data);
            switch (result) {
                case null -> throw new IllegalStateException(code.getClass().getName() + ".handleEvent returned null for " + event);
                case StateMachine.Stop<S, D> stop -> {
                    perform(ctx, m, stop.actions(), null, false);
                    return stop;
                }
                case StateMachine.Next<S, D> next -> {
                    S old = m.state;
                    boolean changed = !Objects.equals(old, next.state());
                    m.state = next.state();
                    m.data = next.data();
                    if (changed && m.stateTimer != null) { // a state change cancels the state timeout
                        m.stateTimer.cancel();
                        m.stateTimer = null;
                    }
                    List<Event> inserted = perform(ctx, m, next.actions(), event, true);
                    if (changed) {
                        if (code.stateEnter()) {
                            enter(ctx, m, old);
                        }
                        // Postponed events are retried after a state change, before newer ones...
                        m.retryPostponed(queue);
                    }
                    // ...and inserted events go before everything.
                    inserted.reversed().forEach(queue::addFirst);
                }
                case StateMachine.Repeat<S, D> repeat -> {
                    // Not a state change: the state timeout runs on and postponed events wait.
                    m.data = repeat.data();
                    List<Event> inserted = perform(ctx, m, repeat.actions(), event, true);
                    if (code.stateEnter()) {
                        enter(ctx, m, m.state);
                    }
                    inserted.reversed().forEach(queue::addFirst);
                }
            }
        }
        return null;
    }

    /**
     * Calls the state-enter callback; it may change data and set timeouts, not the state. A
     * {@link StateMachine.Repeat} from it calls it again, with the same {@code oldState}.
     */
    private void enter(ProcessContext ctx, Machine<S, D> m, Object oldState) throws Exception {
        while (true) {
            StateMachine.Result<S, D> result = code.handleEvent(ctx, new EventType.Enter(oldState), null, m.state, m.data);
            List<Action> actions = switch (result) {
                case StateMachine.Next<S, D> next when Objects.equals(next.state(), m.state) -> {
                    m.data = next.data();
                    yield next.actions();
                }
                case StateMachine.Repeat<S, D> repeat -> {
                    m.data = repeat.data();
                    yield repeat.actions();
                }
                case null, default -> throw new IllegalStateException(code.getClass().getName()
                        + ": a state enter call must keep the state " + m.state + ", returned " + result);
            };
            List<Event> inserted = perform(ctx, m, actions, null, false);
            if (!inserted.isEmpty()) {
                throw new IllegalStateException("a state enter call cannot insert events, got " + inserted);
            }
            if (!(result instanceof StateMachine.Repeat<S, D>)) {
                return;
            }
        }
    }

    /**
     * Performs actions in order; returns the events they insert. {@code current} is the event
     * being handled (null when nothing can be postponed).
     */
    private List<Event> perform(ProcessContext ctx, Machine<S, D> m, List<Action> actions, Event current, boolean mayInsert) {
        if (actions.isEmpty()) {
            return List.of();                // the common case: no list, no iterator
        }
        List<Event> inserted = null;
        for (int i = 0; i < actions.size(); i++) {
            switch (actions.get(i)) {
                case Action.Reply(From from, Object value) -> GenServers.reply(ctx, from, value);
                case Action.Postpone p -> {
                    if (current == null) {
                        throw new IllegalStateException("nothing to postpone here (init or a state enter call)");
                    }
                    m.postpone(current);
                }
                case Action.SetEventTimeout(Duration time, Object content) -> {
                    if (m.eventTimer != null) {
                        m.eventTimer.cancel();
                    }
                    m.eventTimer = start(ctx, m, time, EventType.EVENT_TIMEOUT, content);
                }
                case Action.SetStateTimeout(Duration time, Object content) -> {
                    if (m.stateTimer != null) {
                        m.stateTimer.cancel();
                    }
                    m.stateTimer = start(ctx, m, time, EventType.STATE_TIMEOUT, content);
                }
                case Action.CancelStateTimeout c -> {
                    if (m.stateTimer != null) {
                        m.stateTimer.cancel();
                        m.stateTimer = null;
                    }
                }
                case Action.SetGenericTimeout(String name, Duration time, Object content) -> {
                    Timer old = m.putGeneric(name, start(ctx, m, time, new EventType.GenericTimeout(name), content));
                    if (old != null) {
                        old.cancel();
                    }
                }
                case Action.CancelGenericTimeout(String name) -> {
                    Timer old = m.removeGeneric(name);
                    if (old != null) {
                        old.cancel();
                    }
                }
                case Action.Hibernate h -> m.hibernate = true;
                case Action.NextEvent(EventType type, Object content) -> {
                    if (!mayInsert) {
                        throw new IllegalStateException("events cannot be inserted here: " + actions.get(i));
                    }
                    if (inserted == null) {
                        inserted = new ArrayList<>(actions.size());
                    }
                    inserted.add(new Event(type, content));
                }
            }
        }
        return inserted == null ? List.of() : inserted;
    }

    private static Timer start(ProcessContext ctx, Machine<?, ?> m, Duration time, EventType type, Object content) {
        Ref tag = Ref.make();
        if (time.compareTo(NEVER) >= 0) {
            return new Timer(tag, () -> false); // gen_statem's infinity: a timeout that never fires
        }
        if (time.isZero()) { // due at once: before any message, not behind those already queued
            m.addDue(new Fired(tag, type, content));
            return new Timer(tag, () -> false); // cancelling it makes it not live; drain then skips it
        }
        return new Timer(tag, ctx.sendAfter(time, ctx.self(), new Fired(tag, type, content)));
    }

    /** True if {@code f} is from the timer still running for its type; that timer is then done. */
    private boolean live(Machine<S, D> m, Fired f) {
        switch (f.type()) {
            case EventType.EventTimeout e -> {
                if (m.eventTimer != null && m.eventTimer.tag().equals(f.tag())) {
                    m.eventTimer = null;
                    return true;
                }
            }
            case EventType.StateTimeout s -> {
                if (m.stateTimer != null && m.stateTimer.tag().equals(f.tag())) {
                    m.stateTimer = null;
                    return true;
                }
            }
            case EventType.GenericTimeout(String name) -> {
                Timer t = m.generic(name);
                if (t != null && t.tag().equals(f.tag())) {
                    m.removeGeneric(name);
                    return true;
                }
            }
            default -> {
                return false;
            }
        }
        return false;
    }

    @Override
    void terminate(ProcessContext ctx, ExitReason reason, Machine<S, D> m) throws Exception {
        code.terminate(ctx, reason, m.state, m.data);
    }

    @Override
    Object visibleState(Machine<S, D> m) {
        return new StateMachine.Snapshot<>(m.state, m.data);
    }

    @Override
    @SuppressWarnings("unchecked")
    Machine<S, D> replaceVisibleState(Machine<S, D> m, UnaryOperator<Object> replace) {
        StateMachine.Snapshot<S, D> next = (StateMachine.Snapshot<S, D>) replace.apply(visibleState(m));
        m.state = next.state();
        m.data = next.data();
        return m;
    }

    @Override
    @SuppressWarnings("unchecked")
    Machine<S, D> install(Object newCode, Object state, Machine<S, D> m) {
        if (!(newCode instanceof StateMachine<?, ?> next) || !(state instanceof StateMachine.Snapshot<?, ?> snapshot)) {
            throw new IllegalArgumentException("a gen_statem installs a StateMachine and a Snapshot, got " + newCode + ", " + state);
        }
        code = (StateMachine<S, D>) next;
        m.state = (S) snapshot.state();
        m.data = (D) snapshot.data();
        return m;
    }
}
