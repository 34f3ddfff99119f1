package io.agner.switchdemo;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.line.api.Line;
import io.agner.switchdemo.line.api.LineState;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.CallEnded;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.OnHook;
import io.agner.switchdemo.topic.SwitchTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.agner.switchdemo.SwitchLineTest.ONE_TRUNK;
import static io.agner.switchdemo.SwitchLineTest.awaitLine;
import static io.agner.switchdemo.SwitchLineTest.calls;
import static io.agner.switchdemo.SwitchLineTest.feed;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A dropped call keeps its trunk circuit until its caller's on-hook, as it would have without the
 * fault: on one trunk, a call dialled while the dropped call's caller is still off-hook is blocked
 * exactly as in a fault-free run, and the next call after the on-hook gets the circuit.
 */
class SwitchDroppedCallTest {

    @TempDir
    Path dir;

    private final Directory d = ONE_TRUNK.directory();
    private final String a = d.number(1);
    private final String b = d.number(2);
    private final String c = d.number(3);
    private final String e = d.number(4);
    private final long t = ONE_TRUNK.start().toEpochMilli();

    @Test
    void aCallKilledAfterSeizure_holdsItsTrunkUntilTheCallersOnHook() {
        try (SwitchHarness h = new SwitchHarness(dir, ONE_TRUNK)) {
            feed(h, new OffHook(1, a, t), new Dial(1, a, b, t + 1000));
            List<Pid> calls = SwitchAppTest.callProcesses(h);
            assertEquals(1, calls.size());
            h.node.exit(calls.getFirst(), ExitReason.KILL);
            await().atMost(Duration.ofSeconds(30)).until(() -> h.app.exchange().dropped() == 1);
            assertEquals(1, h.app.exchange().busyTrunks(), "the dropped call's circuit is busy until a's on-hook");

            afterTheDrop(h, 2);
        }
    }

    @Test
    void aCallDroppedBeforeItDialled_takesATrunkWithItsDial_asAFaultFreeRunWould() {
        try (SwitchHarness h = new SwitchHarness(dir, ONE_TRUNK)) {
            feed(h, new OffHook(1, a, t));
            awaitLine(h, a, LineState.DIAL_TONE);
            h.node.exit(h.node.whereis(Line.name(a)).orElseThrow(), ExitReason.KILL);
            await().atMost(Duration.ofSeconds(30)).until(() -> h.app.exchange().dropped() == 1);
            assertEquals(1, h.app.restarts().lines(), "the killed line is restarted by its supervisor");
            feed(h, new Dial(1, a, b, t + 1000));
            assertEquals(1, h.app.exchange().busyTrunks(), "the dropped call's dial took the circuit");

            afterTheDrop(h, 3);
        }
    }

    @Test
    void aDroppedCallsTrunk_survivesACheckpointAndRestart() {
        try (SwitchHarness h = new SwitchHarness(dir, ONE_TRUNK)) {
            feed(h, new OffHook(1, a, t), new Dial(1, a, b, t + 1000));
            h.node.exit(SwitchAppTest.callProcesses(h).getFirst(), ExitReason.KILL);
            await().atMost(Duration.ofSeconds(30)).until(() -> h.app.exchange().dropped() == 1);
            h.app.stopArea(0);                     // the exchange checkpoints the dropped attempt and its circuit
        }
        try (SwitchHarness h = new SwitchHarness(dir, ONE_TRUNK)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> h.app.exchange().nextOffset() == 2);
            assertEquals(1, h.app.exchange().busyTrunks(), "restored: the dropped call's circuit is still busy");
            assertEquals(1, h.app.exchange().dropped());

            afterTheDrop(h, 2);
            assertEquals(1, recordsOf(h, 1), "the dropped call is recorded once");
        }
    }

    /** Call 1 (a → b) is dropped and a is still off-hook: call 2 is blocked, call 3 after a's on-hook completes. */
    private void afterTheDrop(SwitchHarness h, long absorbed) {
        feed(h, new Answer(1, b, t + 5000),                                    // absorbed
                new OffHook(2, c, t + 6000), new Dial(2, c, e, t + 9000),       // the one circuit is still busy
                new OnHook(2, c, t + 11_000),
                new OnHook(1, a, t + 20_000),                                   // absorbed; frees the circuit
                new OffHook(3, c, t + 21_000), new Dial(3, c, e, t + 24_000), new Answer(3, e, t + 28_000),
                new OnHook(3, c, t + 40_000));
        Map<Long, CallRecord> calls = calls(h);
        assertEquals(Outcome.DROPPED, calls.get(1L).outcome(), calls.toString());
        assertEquals(Outcome.BLOCKED, calls.get(2L).outcome(), calls.toString());
        assertEquals(Outcome.COMPLETED, calls.get(3L).outcome(), calls.toString());
        assertEquals(0, h.app.exchange().abandoned());
        assertEquals(0, h.app.exchange().busyTrunks());
        assertEquals(0, h.app.exchange().activeCalls());
        assertEquals(absorbed, h.app.exchange().absorbed(), "events of the dropped call absorbed");
        assertEquals(0, h.app.exchange().rejected());
    }

    /** Call records of {@code callId} in the {@code calls} topic, duplicates included. */
    private static long recordsOf(SwitchHarness h, long callId) {
        long n = 0;
        for (ConsumerRecord r : SwitchReport.readAll(h.log, SwitchTopics.CALLS)) {
            if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(CallEnded(CallRecord call), var s, var v)
                    && call.callId() == callId) {
                n++;
            }
        }
        return n;
    }
}
