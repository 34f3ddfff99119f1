package io.agner.switchdemo;

import io.agner.runtime.ServerRef;
import io.agner.behaviour.StateMachine;
import io.agner.behaviour.Sys;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.line.api.Line;
import io.agner.switchdemo.line.api.LineState;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.CallEnded;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.OnHook;
import io.agner.switchdemo.topic.SubscriberEvent;
import io.agner.switchdemo.topic.SwitchTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The line state machine as the exchange drives it, with hand-written events: the busy path (which
 * the traffic source never takes: it calls idle lines only) and one line through every state.
 */
class SwitchLineTest {

    /** One trunk, so that a second call meets congestion. */
    static final TrafficConfig ONE_TRUNK = SwitchHarness.SMALL.withTrunks(1);

    @TempDir
    Path dir;

    private final Directory d = ONE_TRUNK.directory();
    private final String a = d.number(1);
    private final String b = d.number(2);
    private final String c = d.number(3);
    private final String e = d.number(4);
    private long t = ONE_TRUNK.start().toEpochMilli();

    @Test
    void dialingALineAlreadyInACall_givesBusyTone_andABusyRecord() {
        try (SwitchHarness h = new SwitchHarness(dir, ONE_TRUNK)) {
            feed(h, new OffHook(1, b, t), new Dial(1, b, c, t += 1000), new Answer(1, c, t += 1000));
            awaitLine(h, c, LineState.CONNECTED);
            feed(h, new OffHook(2, a, t += 1000), new Dial(2, a, c, t += 1000));   // c is in call 1
            awaitLine(h, a, LineState.BUSY_TONE);
            assertEquals(2L, data(h, a, "callId"), "the busy caller's line is still in its call until on-hook");
            assertEquals(LineState.CONNECTED, state(h, c), "the called line's call goes on");
            assertEquals(1, h.app.exchange().busyTrunks(), "a busy attempt takes no trunk");

            feed(h, new OnHook(2, a, t += 2000), new OnHook(1, b, t += 1000));
            awaitLine(h, a, LineState.IDLE);
            Map<Long, CallRecord> calls = calls(h);
            assertEquals(Outcome.BUSY, calls.get(2L).outcome(), calls.toString());
            assertEquals(c, calls.get(2L).callee());
            assertEquals(-1, calls.get(2L).seizedAt(), "no trunk: " + calls.get(2L));
            assertEquals(Outcome.COMPLETED, calls.get(1L).outcome(), calls.toString());
            assertEquals(1, h.app.exchange().busy());
            assertEquals(0, h.app.exchange().rejected());
        }
    }

    @Test
    void oneLine_goesThroughEveryState() {
        try (SwitchHarness h = new SwitchHarness(dir, ONE_TRUNK)) {
            feed(h, new OffHook(1, b, t), new Dial(1, b, c, t += 1000), new Answer(1, c, t += 1000)); // takes the trunk

            feed(h, new OffHook(2, a, t += 1000));
            awaitLine(h, a, LineState.DIAL_TONE);
            feed(h, new Dial(2, a, c, t += 1000));                       // dialling, then busy tone
            awaitLine(h, a, LineState.BUSY_TONE);
            assertEquals(c, data(h, a, "dialled"), "the line went through DIALING with the digits");
            feed(h, new OnHook(2, a, t += 1000));
            awaitLine(h, a, LineState.IDLE);

            feed(h, new OffHook(3, a, t += 1000), new Dial(3, a, e, t += 1000));   // the one trunk is busy
            awaitLine(h, a, LineState.CONGESTION);
            assertEquals(e, data(h, a, "dialled"));
            feed(h, new OnHook(3, a, t += 1000), new OnHook(1, b, t += 1000));      // the trunk is free again
            awaitLine(h, a, LineState.IDLE);

            feed(h, new OffHook(4, a, t += 1000), new Dial(4, a, b, t += 1000));
            awaitLine(h, a, LineState.RING_BACK);
            awaitLine(h, b, LineState.RINGING);
            feed(h, new Answer(4, b, t += 1000));
            awaitLine(h, a, LineState.CONNECTED);
            feed(h, new OnHook(4, a, t += 1000));
            awaitLine(h, a, LineState.IDLE);

            feed(h, new OffHook(5, c, t += 1000), new Dial(5, c, a, t += 1000));   // now a is called
            awaitLine(h, a, LineState.RINGING);
            feed(h, new Answer(5, a, t += 1000));
            awaitLine(h, a, LineState.CONNECTED);
            feed(h, new OnHook(5, c, t += 1000));
            awaitLine(h, a, LineState.IDLE);

            assertEquals(4L, data(h, a, "calls"), "a took part in calls 2, 3, 4 and 5");
            Map<Long, CallRecord> calls = calls(h);
            assertEquals(Outcome.COMPLETED, calls.get(1L).outcome());
            assertEquals(Outcome.BUSY, calls.get(2L).outcome());
            assertEquals(Outcome.BLOCKED, calls.get(3L).outcome());
            assertEquals(Outcome.COMPLETED, calls.get(4L).outcome());
            assertEquals(Outcome.COMPLETED, calls.get(5L).outcome());
            assertEquals(0, h.app.exchange().rejected());
            assertEquals(0, h.app.exchange().busyTrunks());
        }
    }

    static void feed(SwitchHarness h, SubscriberEvent... events) {
        for (SubscriberEvent ev : events) {
            h.append(ev).join();
        }
        h.awaitCaughtUp();
    }

    static void awaitLine(SwitchHarness h, String number, LineState expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state(h, number) == expected);
    }

    static LineState state(SwitchHarness h, String number) {
        return (LineState) snapshot(h, number).state();
    }

    /**
     * A component of the line's data: the line module's record is loaded by the code server, not
     * by the test's class loader, so it is read by component name.
     */
    static Object data(SwitchHarness h, String number, String component) {
        return component(snapshot(h, number).data(), component);
    }

    static Object component(Object record, String component) {
        for (var c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(component)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(record + " has no component " + component);
    }

    private static StateMachine.Snapshot<?, ?> snapshot(SwitchHarness h, String number) {
        return (StateMachine.Snapshot<?, ?>) Sys.getState(h.node, ServerRef.named(Line.name(number)), Duration.ofSeconds(10));
    }

    static Map<Long, CallRecord> calls(SwitchHarness h) {
        Map<Long, CallRecord> calls = new LinkedHashMap<>();
        for (ConsumerRecord r : SwitchReport.readAll(h.log, SwitchTopics.CALLS)) {
            if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(CallEnded(CallRecord call), var s, var v)) {
                calls.putIfAbsent(call.callId(), call);
            }
        }
        return calls;
    }
}
