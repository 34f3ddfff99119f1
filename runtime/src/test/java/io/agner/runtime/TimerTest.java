package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.ManualClock;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timers and receive timeouts, on a manual clock: time moves only when the test says so. */
class TimerTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private ManualClock clock() {
        return agner.clock();
    }

    @Test
    void sendAfter_deliversOnlyWhenDue() {
        Probe probe = agner.probe();
        agner.node().sendAfter(Duration.ofMillis(100), probe.pid(), "tick");

        clock().advance(Duration.ofMillis(99));
        assertEquals(1, clock().pending(), "not due yet");

        clock().advance(Duration.ofMillis(1));
        assertEquals("tick", probe.next());
    }

    @Test
    void sendAfter_cancelled_neverArrives() {
        Probe probe = agner.probe();
        TimerRef timer = agner.node().sendAfter(Duration.ofMillis(100), probe.pid(), "tick");

        assertTrue(timer.cancel());
        clock().advance(Duration.ofSeconds(1));
        agner.node().send(probe.pid(), "marker");

        assertEquals("marker", probe.next(), "a fired tick would have arrived first");
        assertEquals(0, clock().pending());
    }

    @Test
    void sendAfter_cancelAfterFiring_returnsFalse() {
        Probe probe = agner.probe();
        TimerRef timer = probe.call(ctx -> ctx.sendAfter(Duration.ofMillis(5), probe.pid(), "tick"));
        clock().advance(Duration.ofMillis(5));
        assertEquals("tick", probe.next());
        assertFalse(timer.cancel());
    }

    @Test
    void receive_timeout_returnsEmptyAfterDeadline() {
        Probe probe = agner.probe();
        agner.node().spawn(ctx -> ctx.send(probe.pid(), ctx.receive(Duration.ofMillis(100))));
        await().until(() -> clock().pending() == 1); // the receive is waiting

        clock().advance(Duration.ofMillis(99));
        assertEquals(1, clock().pending());
        assertEquals(Optional.empty(), probe.poll());

        clock().advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), probe.next());
    }

    @Test
    void receive_messageBeforeDeadline_returnsItAndCancelsTheTimer() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> ctx.send(probe.pid(), ctx.receive(Duration.ofMillis(100))));
        await().until(() -> clock().pending() == 1);

        agner.node().send(p, "in time");

        assertEquals(Optional.of("in time"), probe.next());
        await().until(() -> clock().pending() == 0);
    }

    @Test
    void receive_selectiveTimeout_keepsNonMatchingMessages() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.send(probe.pid(), ctx.receive(m -> m.equals("wanted"), Duration.ofMillis(50)));
            ctx.send(probe.pid(), ctx.receive());
        });
        await().until(() -> clock().pending() == 1);
        agner.node().send(p, "unwanted");
        await().until(() -> agner.node().info(p).orElseThrow().mailboxLength() == 1);

        clock().advance(Duration.ofMillis(50));

        assertEquals(Optional.empty(), probe.next());
        assertEquals("unwanted", probe.next());
    }

    @Test
    void startTimer_messageCarriesTheTimersReference() {
        Probe probe = agner.probe();
        MessageTimer first = agner.node().startTimer(Duration.ofMillis(10), probe.pid(), "tick");
        MessageTimer second = agner.node().startTimer(Duration.ofMillis(20), probe.pid(), "tick");

        clock().advance(Duration.ofMillis(20));

        TimerMessage a = probe.next(TimerMessage.class);
        TimerMessage b = probe.next(TimerMessage.class);
        assertSame(first, a.timer());
        assertSame(second, b.timer());
        assertEquals("tick", a.message());
    }

    @Test
    void cancelTimer_returnsTheTimeLeft() {
        Probe probe = agner.probe();
        MessageTimer timer = agner.node().startTimer(Duration.ofMillis(100), probe.pid(), "tick");

        clock().advance(Duration.ofMillis(30));

        assertEquals(Optional.of(Duration.ofMillis(70)), timer.cancelRemaining());
        assertEquals(Optional.empty(), timer.cancelRemaining(), "cancelled already");
        clock().advance(Duration.ofMillis(100));
        assertEquals(0, clock().pending());
    }

    @Test
    void cancelTimer_afterItFired_saysSo() {
        Probe probe = agner.probe();
        MessageTimer timer = agner.node().sendAfter(Duration.ofMillis(10), probe.pid(), "tick");

        clock().advance(Duration.ofMillis(10));

        assertEquals("tick", probe.next());
        assertEquals(Optional.empty(), timer.cancelRemaining());
        assertFalse(timer.cancel());
    }
}
