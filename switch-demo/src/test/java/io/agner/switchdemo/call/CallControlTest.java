package io.agner.switchdemo.call;

import io.agner.switchdemo.line.api.LineSignal;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.call.Decision.ClearCall;
import io.agner.switchdemo.call.Decision.KillCall;
import io.agner.switchdemo.call.Decision.Reject;
import io.agner.switchdemo.call.Decision.StartCall;
import io.agner.switchdemo.call.Decision.Tell;
import io.agner.switchdemo.call.Decision.UseLine;
import io.agner.switchdemo.call.Decision.WriteRecord;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficGenerator;
import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.OnHook;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange's decisions as a subscriber would tell them, with no node and no log: events in,
 * decisions out. Lines a, b, c, d of a ten-line area; a call's times are offsets from {@code T}.
 */
class CallControlTest {

    private static final long T = 1_000_000;
    private static final Directory DIRECTORY = new Directory(10);

    private final String a = DIRECTORY.number(1);
    private final String b = DIRECTORY.number(2);
    private final String c = DIRECTORY.number(3);
    private final String d = DIRECTORY.number(4);
    private final List<Decision> decisions = new ArrayList<>();
    private final Set<Long> diedUnnoticed = new HashSet<>();
    private CallControl exchange = withTrunks(2);

    private CallControl withTrunks(int trunks) {
        return new CallControl(DIRECTORY, trunks, diedUnnoticed::contains, decisions::add);
    }

    /** Feeds the events, and returns what they decided. */
    private List<Decision> after(Object... events) {
        decisions.clear();
        for (Object e : events) {
            exchange.handle(e);
        }
        return List.copyOf(decisions);
    }

    /** The decisions without the line-table bookkeeping ({@link UseLine}), which says no more than the signals. */
    private static List<Decision> outcome(List<Decision> decisions) {
        return decisions.stream().filter(x -> !(x instanceof UseLine)).toList();
    }

    private static List<CallRecord> records(List<Decision> decisions) {
        return decisions.stream().filter(x -> x instanceof WriteRecord).map(x -> ((WriteRecord) x).call()).toList();
    }

    @Test
    void aDialToAFreeLine_ringsIt_seizesATrunk_andStartsTheCall() {
        assertEquals(List.of(new Tell(a, new LineSignal.Seize(1))), outcome(after(new OffHook(1, a, T))));

        assertEquals(List.of(new Tell(a, new LineSignal.Digits(1, b)), new Tell(a, new LineSignal.RingBack(1)),
                        new Tell(b, new LineSignal.Ring(1)), new StartCall(1, a, b)),
                outcome(after(new Dial(1, a, b, T + 3_000))));
        assertEquals(1, exchange.busyTrunks());
        assertTrue(exchange.isEngaged(a) && exchange.isEngaged(b));
    }

    @Test
    void anAnsweredCall_isCompletedAtTheCallersOnHook_withItsTimes_andEverythingIsFreedAgain() {
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000));
        assertEquals(List.of(new Tell(a, new LineSignal.Connect(1)), new Tell(b, new LineSignal.Connect(1))),
                outcome(after(new Answer(1, b, T + 7_000))));

        List<Decision> onHook = after(new OnHook(1, a, T + 67_000));

        CallRecord call = new CallRecord(1, a, b, T, T + 3_000, T + 3_000, T + 7_000, T + 67_000, Outcome.COMPLETED);
        assertEquals(List.of(new WriteRecord(call), new Tell(a, new LineSignal.Release(1)),
                new Tell(b, new LineSignal.Release(1)), new ClearCall(1)), outcome(onHook));
        assertEquals(60, call.conversationSeconds());
        assertEquals(0, exchange.busyTrunks());
        assertEquals(0, exchange.activeCalls());
        assertFalse(exchange.isEngaged(a) || exchange.isEngaged(b));
        assertEquals(1, exchange.counters().completed());
    }

    @Test
    void aDialToALineInACall_getsBusyTone_andABusyRecord_withoutATrunk() {
        after(new OffHook(1, b, T), new Dial(1, b, c, T + 3_000));

        assertEquals(List.of(new Tell(a, new LineSignal.Seize(2)), new Tell(a, new LineSignal.Digits(2, c)),
                        new Tell(a, new LineSignal.BusyTone(2))),
                outcome(after(new OffHook(2, a, T + 1_000), new Dial(2, a, c, T + 4_000))));
        assertEquals(1, exchange.busyTrunks(), "only call 1 holds a trunk");

        List<Decision> onHook = after(new OnHook(2, a, T + 9_000));
        assertEquals(List.of(new CallRecord(2, a, c, T + 1_000, T + 4_000, -1, -1, T + 9_000, Outcome.BUSY)), records(onHook));
        assertEquals(List.of(new Tell(a, new LineSignal.Release(2))),
                outcome(onHook).stream().filter(x -> x instanceof Tell).toList(), "c stays in call 1");
        assertTrue(exchange.isEngaged(c));
    }

    @Test
    void dialingOnesOwnNumber_isBusy() {
        after(new OffHook(1, a, T));
        assertTrue(after(new Dial(1, a, a, T + 3_000)).contains(new Tell(a, new LineSignal.BusyTone(1))));
        assertEquals(0, exchange.busyTrunks());
    }

    @Test
    void whenEveryTrunkIsBusy_aCallIsBlocked_andTheTrunkFreedByAnOnHookGoesToTheNextCall() {
        exchange = withTrunks(1);
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000));

        List<Decision> blocked = after(new OffHook(2, c, T + 1_000), new Dial(2, c, d, T + 4_000));
        assertTrue(blocked.contains(new Tell(c, new LineSignal.Congestion(2))));
        assertFalse(blocked.stream().anyMatch(x -> x instanceof StartCall));
        assertFalse(exchange.isEngaged(d), "a blocked call does not ring its callee");
        assertEquals(List.of(new CallRecord(2, c, d, T + 1_000, T + 4_000, -1, -1, T + 8_000, Outcome.BLOCKED)),
                records(after(new OnHook(2, c, T + 8_000))));

        after(new OnHook(1, a, T + 10_000));                                  // abandoned while ringing: the trunk is free
        assertTrue(after(new OffHook(3, c, T + 11_000), new Dial(3, c, d, T + 14_000)).contains(new StartCall(3, c, d)));
        assertEquals(1, exchange.counters().blocked());
    }

    @Test
    void hangingUpBeforeTheAnswer_isAbandoned_beforeOrAfterDialling() {
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000), new OffHook(2, c, T + 1_000));

        List<Decision> hangUps = after(new OnHook(1, a, T + 5_000), new OnHook(2, c, T + 6_000));

        assertEquals(List.of(new CallRecord(1, a, b, T, T + 3_000, T + 3_000, -1, T + 5_000, Outcome.ABANDONED),
                new CallRecord(2, c, "", T + 1_000, -1, -1, -1, T + 6_000, Outcome.ABANDONED)), records(hangUps));
        assertTrue(hangUps.contains(new ClearCall(1)), "the ringing call's process is cleared");
        assertEquals(0, exchange.busyTrunks());
        assertEquals(2, exchange.counters().abandoned());
    }

    @Test
    void impossibleEvents_areRejectedWithTheirReason_andChangeNothing() {
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000));

        List<Decision> rejected = after(
                new OffHook(2, "999999", T + 1_000),
                new OffHook(1, c, T + 1_000),
                new OffHook(3, b, T + 1_000),
                new Dial(4, c, "999999", T + 1_000),
                new Dial(4, c, d, T + 1_000),
                new Dial(1, c, d, T + 1_000),
                new Answer(1, c, T + 1_000),
                new Answer(5, b, T + 1_000),
                new OnHook(1, b, T + 1_000),
                new OnHook(6, a, T + 1_000),
                "not an event");

        assertEquals(List.of(
                new Reject("off-hook on unknown line 999999"),
                new Reject("off-hook for call 1, which is already in progress"),
                new Reject("off-hook on line " + b + " for call 3, but the line is in call 1"),
                new Reject("unknown number 999999 dialled on line " + c),
                new Reject("dial for unknown call 4"),
                new Reject("dial on line " + c + ", but call 1 was started on " + a),
                new Reject("answer on line " + c + ", which is not ringing for call 1 (the call is RINGING, to " + b + ")"),
                new Reject("answer on line " + b + " for unknown call 5"),
                new Reject("on-hook on line " + b + " for call 1, which belongs to " + a),
                new Reject("on-hook on line " + a + " for unknown call 6"),
                new Reject("not a subscriber event: String")), outcome(rejected));
        assertEquals(11, exchange.counters().rejected());
        assertEquals(13, exchange.events());
        assertEquals(1, exchange.activeCalls());
    }

    @Test
    void aCrashedLine_dropsItsCallOnce_andItsTrunkStaysBusyUntilTheCallersOnHook() {
        exchange = withTrunks(1);
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000), new Answer(1, b, T + 7_000), new OffHook(2, c, T + 8_000));

        decisions.clear();
        exchange.lineFailed(b);
        exchange.lineFailed(b);                                               // its call is dropped already

        CallRecord dropped = new CallRecord(1, a, b, T, T + 3_000, T + 3_000, T + 7_000, T + 8_000, Outcome.DROPPED);
        assertEquals(List.of(new WriteRecord(dropped), new Tell(b, new LineSignal.Release(1)), new KillCall(1)), decisions);
        assertEquals(1, exchange.busyTrunks());
        assertTrue(after(new Dial(2, c, d, T + 9_000)).contains(new Tell(c, new LineSignal.Congestion(2))),
                "blocked, as in a run without the crash");

        List<Decision> onHook = after(new OnHook(1, a, T + 20_000));
        assertEquals(List.of(new Tell(a, new LineSignal.Release(1))), outcome(onHook), "absorbed: no second record");
        assertEquals(0, exchange.busyTrunks());
        assertEquals(1, exchange.counters().dropped());
        assertEquals(1, exchange.counters().absorbed());
    }

    @Test
    void aCallWhoseProcessDiedBeforeTheOnHook_isDropped_notCompleted() {
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000), new Answer(1, b, T + 7_000));
        diedUnnoticed.add(1L);

        List<Decision> onHook = after(new OnHook(1, a, T + 60_000));

        assertEquals(List.of(Outcome.DROPPED), records(onHook).stream().map(CallRecord::outcome).toList());
        assertFalse(onHook.stream().anyMatch(x -> x instanceof ClearCall), "nothing left to clear");
        assertEquals(0, exchange.busyTrunks());
    }

    @Test
    void aCallDroppedBeforeItDialled_takesATrunkWithItsDial_asAFaultFreeRunWould() {
        exchange = withTrunks(1);
        after(new OffHook(1, a, T));
        decisions.clear();
        exchange.lineFailed(a);
        assertEquals(List.of(Outcome.DROPPED), records(decisions).stream().map(CallRecord::outcome).toList());

        assertEquals(List.of(), outcome(after(new Dial(1, a, b, T + 3_000))), "absorbed");
        assertEquals(1, exchange.busyTrunks());
        assertFalse(exchange.isEngaged(b), "nothing rings");
        assertTrue(after(new OffHook(2, c, T + 4_000), new Dial(2, c, d, T + 7_000)).contains(new Tell(c, new LineSignal.Congestion(2))));
    }

    @Test
    void aControlRestoredFromACheckpoint_decidesTheRestAsTheOriginal_andTellsTheLinesWhereTheyStand() {
        TrafficConfig traffic = TrafficConfig.DEFAULT.withTrunks(3).withOfferedErlangs(3).withSubscribers(50)
                .withMeanHolding(Duration.ofSeconds(30)).withDuration(Duration.ofHours(1));
        List<Object> events = new ArrayList<>();
        for (TrafficGenerator g = new TrafficGenerator(traffic); g.hasNext(); ) {
            events.add(g.next());
        }
        List<Decision> uninterrupted = new ArrayList<>();
        CallControl original = new CallControl(traffic.directory(), traffic.trunks(), id -> false, uninterrupted::add);
        events.forEach(original::handle);

        List<Decision> beforeStop = new ArrayList<>();
        CallControl first = new CallControl(traffic.directory(), traffic.trunks(), id -> false, beforeStop::add);
        int half = events.size() / 2;
        events.subList(0, half).forEach(first::handle);
        Checkpoint cp = first.checkpoint(half);
        List<Decision> afterRestart = new ArrayList<>();
        CallControl restarted = new CallControl(traffic.directory(), traffic.trunks(), id -> false, afterRestart::add);
        restarted.restore(cp);
        long restartedCalls = afterRestart.stream().filter(x -> x instanceof StartCall).count();
        events.subList(half, events.size()).forEach(restarted::handle);

        List<CallRecord> resumed = new ArrayList<>(records(beforeStop));
        resumed.addAll(records(afterRestart));
        assertEquals(records(uninterrupted), resumed);
        assertTrue(resumed.size() > 100, "a busy enough hour: " + resumed.size() + " calls");
        assertEquals(original.counters(), restarted.counters());
        assertEquals(cp.attempts().stream().filter(s -> s.phase() == Phase.RINGING || s.phase() == Phase.CONNECTED).count(),
                restartedCalls, "each ringing or connected call gets a call process again");
    }

    @Test
    void aRestoredConnectedCall_walksBothLinesToConnected() {
        after(new OffHook(1, a, T), new Dial(1, a, b, T + 3_000), new Answer(1, b, T + 7_000));
        Checkpoint cp = exchange.checkpoint(3);
        decisions.clear();

        withTrunks(2).restore(cp);

        assertEquals(List.of(new Tell(a, new LineSignal.Seize(1)), new Tell(a, new LineSignal.Digits(1, b)),
                new Tell(a, new LineSignal.RingBack(1)), new Tell(b, new LineSignal.Ring(1)),
                new Tell(a, new LineSignal.Connect(1)), new Tell(b, new LineSignal.Connect(1)),
                new StartCall(1, a, b)), outcome(decisions));
        assertTrue(decisions.contains(new UseLine(b, T + 7_000)), "both lines are active again, as of the checkpoint's event time");
    }
}
