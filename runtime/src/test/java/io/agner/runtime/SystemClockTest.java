package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default scheduler: real timers on the node's timer thread. Only lower bounds are asserted. */
class SystemClockTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void receive_timeout_waitsAtLeastTheTimeout() {
        Probe probe = agner.probe();
        agner.node().spawn(ctx -> {
            long start = System.nanoTime();
            Optional<Object> got = ctx.receive(Duration.ofMillis(50));
            ctx.send(probe.pid(), got.isEmpty() && System.nanoTime() - start >= Duration.ofMillis(50).toNanos());
        });
        assertEquals(true, probe.next());
    }

    @Test
    void sendAfter_firesOnTheTimerThread() {
        Probe probe = agner.probe();
        long start = System.nanoTime();
        agner.node().sendAfter(Duration.ofMillis(20), probe.pid(), "tick");
        assertEquals("tick", probe.next());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(20).toNanos());
    }

    @Test
    void receive_tinyTimeouts_alwaysReturn() {
        // A timer that fires before its receiver has parked must still wake it (a lost wake-up hangs this).
        int processes = 500;
        Probe probe = agner.probe();
        for (int p = 0; p < processes; p++) {
            agner.node().spawn(ctx -> {
                for (int i = 0; i < 50; i++) {
                    ctx.receive(Duration.ofNanos(1_000 + i));
                }
                ctx.send(probe.pid(), "returned");
            });
        }
        for (int p = 0; p < processes; p++) {
            assertEquals("returned", probe.next());
        }
    }

    @Test
    void receive_negativeTimeout_isRejected() {
        Probe probe = agner.probe();
        String error = probe.call(ctx -> {
            try {
                ctx.receive(Duration.ofMillis(-1));
                return "accepted";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        assertTrue(error.contains("timeout must be >= 0"), error);
    }
}
