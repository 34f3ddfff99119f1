package io.agner.switchdemo.call;

import io.agner.switchdemo.line.api.LineSignal;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.OnHook;
import io.agner.switchdemo.topic.SubscriberEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * The exchange's decisions, in event time: routing, trunk seizure, congestion, clearing. An event
 * goes in, its {@link Decision}s come out (to the sink, in the order they are to be carried out);
 * no processes, no log, no clock. It owns everything a {@link Checkpoint} holds: the attempts in
 * progress, the trunk group, which call each line is in, the event time reached and the counters.
 *
 * <p>Deterministic: the same events, with the same faults reported between the same events, give
 * the same decisions. Faults come in as {@link #lineFailed} and {@link #callFailed}, and as the
 * {@code callProcessDied} check at a caller's on-hook; a dropped call keeps its trunk circuit until
 * that on-hook, so that a fault changes no other call's fate. Not thread-safe: confined to the
 * exchange process.
 */
final class CallControl {

    private final Directory directory;
    private final TrunkGroup trunks;
    private final LongPredicate callProcessDied;
    private final Consumer<Decision> out;
    private final Map<Long, Attempt> attempts = new HashMap<>();
    private final Map<String, Attempt> engaged = new HashMap<>(); // line -> the call it is in (its attempt: no boxed id to compare)
    private long eventTime;
    private long events, completed, blocked, busy, abandoned, dropped, rejected, absorbed;

    /**
     * @param callProcessDied whether a call's process has died though its crash is not reported
     *                        yet: asked at the caller's on-hook, so that a crash that came first
     *                        drops the call rather than completing it
     * @param out             where the decisions go
     */
    CallControl(Directory directory, int trunks, LongPredicate callProcessDied, Consumer<Decision> out) {
        this.directory = directory;
        this.trunks = new TrunkGroup(trunks);
        this.callProcessDied = callProcessDied;
        this.out = out;
    }

    // ---- events ----

    /** Decides one event of the {@code events} topic; anything but a subscriber event is rejected. */
    void handle(Object event) {
        events++;
        if (!(event instanceof SubscriberEvent ev)) {
            reject("not a subscriber event: " + event.getClass().getSimpleName());
            return;
        }
        eventTime = Math.max(eventTime, ev.at());
        switch (ev) {
            case OffHook o -> onOffHook(o);
            case Dial d -> onDial(d);
            case Answer a -> onAnswer(a);
            case OnHook h -> onOnHook(h);
        }
    }

    /** Counts events that did not decode (the reader dead-lettered them): consumed, and rejected. */
    void undecodable(long count) {
        events += count;
        rejected += count;
    }

    private void onOffHook(OffHook o) {
        if (!directory.contains(o.line())) {
            reject("off-hook on unknown line " + o.line());
        } else if (attempts.containsKey(o.callId())) {
            reject("off-hook for call " + o.callId() + ", which is already in progress");
        } else {
            use(o.line());
            Attempt inCall = engaged.get(o.line());
            if (inCall != null) {
                reject("off-hook on line " + o.line() + " for call " + o.callId() + ", but the line is in call " + inCall.callId);
                return;
            }
            Attempt a = new Attempt(o.callId(), o.line(), o.at());
            attempts.put(a.callId, a);
            engaged.put(a.caller, a);
            tell(a.caller, new LineSignal.Seize(a.callId));
        }
    }

    private void onDial(Dial d) {
        Attempt a = attempts.get(d.callId());
        if (!directory.contains(d.digits())) {
            reject("unknown number " + d.digits() + " dialled on line " + d.line());
        } else if (a == null) {
            reject("dial for unknown call " + d.callId());
        } else if (!a.caller.equals(d.line())) {
            reject("dial on line " + d.line() + ", but call " + a.callId + " was started on " + a.caller);
        } else if (a.phase != Phase.DIAL_TONE) {
            if (a.phase == Phase.DROPPED) {
                absorbed++;
                seizeForDropped(a, d);
            } else {
                reject("dial on line " + d.line() + " in call " + a.callId + ", which is " + a.phase);
            }
        } else {
            route(a, d);
        }
    }

    private void route(Attempt a, Dial d) {
        a.callee = d.digits();
        a.dialedAt = d.at();
        use(a.caller);
        use(a.callee);
        tell(a.caller, new LineSignal.Digits(a.callId, a.callee));
        if (engaged.containsKey(a.callee) || a.callee.equals(a.caller)) {
            a.phase = Phase.BUSY;
            tell(a.caller, new LineSignal.BusyTone(a.callId));
        } else if (!trunks.trySeize()) {
            a.phase = Phase.BLOCKED;
            tell(a.caller, new LineSignal.Congestion(a.callId));
        } else {
            a.phase = Phase.RINGING;
            a.seizedAt = d.at();
            a.holdsTrunk = true;
            engaged.put(a.callee, a);
            tell(a.caller, new LineSignal.RingBack(a.callId));
            tell(a.callee, new LineSignal.Ring(a.callId));
            out.accept(new Decision.StartCall(a.callId, a.caller, a.callee));
        }
    }

    /**
     * The dial of a call dropped before it dialled: nothing is routed, but in event time the dial
     * takes a circuit if one is free, as it would have without the fault, and keeps it until the
     * caller's on-hook; so the fault changes no other call's fate.
     */
    private void seizeForDropped(Attempt a, Dial d) {
        if (a.dialedAt >= 0) {
            return;                                         // dialled before it was dropped: decided then
        }
        a.dialedAt = d.at();
        boolean calleeBusy = d.digits().equals(a.caller) || engaged.containsKey(d.digits());
        if (!calleeBusy && trunks.trySeize()) {
            a.seizedAt = d.at();
            a.holdsTrunk = true;
        }
    }

    private void onAnswer(Answer x) {
        Attempt a = attempts.get(x.callId());
        if (a == null) {
            reject("answer on line " + x.line() + " for unknown call " + x.callId());
        } else if (a.phase == Phase.DROPPED) {
            absorbed++;
        } else if (!x.line().equals(a.callee) || a.phase != Phase.RINGING) {
            reject("answer on line " + x.line() + ", which is not ringing for call " + a.callId
                    + " (the call is " + a.phase + (a.callee.isEmpty() ? "" : ", to " + a.callee) + ")");
        } else {
            a.phase = Phase.CONNECTED;
            a.answeredAt = x.at();
            use(a.caller);
            tell(a.caller, new LineSignal.Connect(a.callId));
            use(a.callee);
            tell(a.callee, new LineSignal.Connect(a.callId));
        }
    }

    private void onOnHook(OnHook h) {
        Attempt a = attempts.get(h.callId());
        if (a == null) {
            reject("on-hook on line " + h.line() + " for unknown call " + h.callId());
            return;
        }
        if (!h.line().equals(a.caller)) {
            reject("on-hook on line " + h.line() + " for call " + a.callId + ", which belongs to " + a.caller);
            return;
        }
        if (a.hasCallProcess() && callProcessDied.test(a.callId)) {
            drop(a);                                        // the crash came first; its report is on the way
        }
        Outcome outcome = switch (a.phase) {
            case DIAL_TONE, RINGING -> Outcome.ABANDONED;
            case CONNECTED -> Outcome.COMPLETED;
            case BLOCKED -> Outcome.BLOCKED;
            case BUSY -> Outcome.BUSY;
            case DROPPED -> null;
        };
        if (a.holdsTrunk) {                                 // dropped or not: the circuit is free from now on
            trunks.release();
            a.holdsTrunk = false;
        }
        if (outcome == null) {
            absorbed++;
        } else {
            record(a, outcome, h.at());
        }
        finish(a);
    }

    /** Ends an attempt: frees its lines and its call process. */
    private void finish(Attempt a) {
        attempts.remove(a.callId);
        for (String number : new String[] {a.caller, a.callee}) {
            if (!number.isEmpty() && engaged.remove(number, a)) {
                tell(number, new LineSignal.Release(a.callId));
            }
        }
        if (a.hasCallProcess()) {
            out.accept(new Decision.ClearCall(a.callId));
        }
    }

    private void record(Attempt a, Outcome outcome, long clearedAt) {
        switch (outcome) {
            case COMPLETED -> completed++;
            case BLOCKED -> blocked++;
            case BUSY -> busy++;
            case ABANDONED -> abandoned++;
            case DROPPED -> dropped++;
        }
        out.accept(new Decision.WriteRecord(a.record(outcome, clearedAt)));
    }

    private void reject(String reason) {
        rejected++;
        out.accept(new Decision.Reject(reason));
    }

    private void use(String line) {
        out.accept(new Decision.UseLine(line, eventTime));
    }

    private void tell(String line, LineSignal signal) {
        out.accept(new Decision.Tell(line, signal));
    }

    // ---- faults ----

    /** A line's process crashed: the call the line is in, if any, is dropped. */
    void lineFailed(String line) {
        Attempt a = engaged.get(line);
        if (a != null) {
            callFailed(a.callId);
        }
    }

    /** A call's process crashed: the call is dropped. */
    void callFailed(long callId) {
        Attempt a = attempts.get(callId);
        if (a != null) {
            drop(a);
        }
    }

    /**
     * A process of the call crashed: the call is over for everyone, and recorded as dropped at the
     * event time reached. Its trunk circuit stays busy until the caller's on-hook (see
     * {@link Attempt#holdsTrunk}), and its caller's line stays engaged until then.
     */
    private void drop(Attempt a) {
        if (a.phase == Phase.DROPPED) {
            return;
        }
        boolean hadCallProcess = a.hasCallProcess();
        record(a, Outcome.DROPPED, eventTime);
        a.phase = Phase.DROPPED;
        if (!a.callee.isEmpty() && engaged.remove(a.callee, a)) {
            tell(a.callee, new LineSignal.Release(a.callId));
        }
        if (hadCallProcess) {
            out.accept(new Decision.KillCall(a.callId));
        }
    }

    // ---- checkpoints ----

    /** The state to resume from, with {@code nextOffset} the first event it does not reflect. */
    Checkpoint checkpoint(long nextOffset) {
        List<Checkpoint.AttemptState> states = new ArrayList<>(attempts.size());
        for (Attempt a : attempts.values()) {
            states.add(a.state());
        }
        return new Checkpoint(nextOffset, eventTime, trunks.busy(), states, counters());
    }

    /**
     * Takes the checkpoint's state (on a fresh instance) and decides again what the lines and calls
     * in progress need: each line is told its way to its state, and each ringing or connected call
     * gets a call process. A dropped call's processes are gone: its caller stays engaged until its on-hook.
     */
    void restore(Checkpoint cp) {
        eventTime = cp.eventTime();
        trunks.restore(cp.busyTrunks());
        Checkpoint.Counters c = cp.counters();
        events = c.events();
        completed = c.completed();
        blocked = c.blocked();
        busy = c.busy();
        abandoned = c.abandoned();
        dropped = c.dropped();
        rejected = c.rejected();
        absorbed = c.absorbed();
        for (Checkpoint.AttemptState s : cp.attempts()) {
            Attempt a = Attempt.of(s);
            attempts.put(a.callId, a);
            use(a.caller);
            engaged.put(a.caller, a);
            if (a.phase == Phase.DROPPED) {
                continue;
            }
            tell(a.caller, new LineSignal.Seize(a.callId));
            if (a.phase != Phase.DIAL_TONE) {
                tell(a.caller, new LineSignal.Digits(a.callId, a.callee));
            }
            switch (a.phase) {
                case BUSY -> tell(a.caller, new LineSignal.BusyTone(a.callId));
                case BLOCKED -> tell(a.caller, new LineSignal.Congestion(a.callId));
                case RINGING, CONNECTED -> {
                    use(a.callee);
                    engaged.put(a.callee, a);
                    tell(a.caller, new LineSignal.RingBack(a.callId));
                    tell(a.callee, new LineSignal.Ring(a.callId));
                    if (a.phase == Phase.CONNECTED) {
                        tell(a.caller, new LineSignal.Connect(a.callId));
                        tell(a.callee, new LineSignal.Connect(a.callId));
                    }
                    out.accept(new Decision.StartCall(a.callId, a.caller, a.callee));
                }
                default -> { }
            }
        }
    }

    // ---- state, for status and the line table ----

    /** Whether the line is in a call (as caller until its on-hook, as callee while ringing or connected). */
    boolean isEngaged(String line) {
        return engaged.containsKey(line);
    }

    long eventTime() {
        return eventTime;
    }

    long events() {
        return events;
    }

    int activeCalls() {
        return attempts.size();
    }

    int busyTrunks() {
        return trunks.busy();
    }

    Checkpoint.Counters counters() {
        return new Checkpoint.Counters(events, completed, blocked, busy, abandoned, dropped, rejected, absorbed);
    }
}
