package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default clock: real timers on the node's one timer thread. Only lower bounds are asserted about time. */
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
    void sendAfter_deliversNoEarlierThanTheDelay() {
        Probe probe = agner.probe();
        long start = System.nanoTime();
        agner.node().sendAfter(Duration.ofMillis(20), probe.pid(), "tick");
        assertEquals("tick", probe.next());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(20).toNanos());
    }

    @Test
    void longTimer_deliversNoEarlierThanTheDelay() {
        Probe probe = agner.probe();
        long start = System.nanoTime();
        agner.node().sendAfter(Duration.ofSeconds(1), probe.pid(), "late tick");
        assertEquals("late tick", probe.next());
        assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos());
    }

    @Test
    void longTimer_cancelled_neverFires_andACancelAfterThatSaysSo() {
        Probe probe = agner.probe();
        TimerRef cancelled = agner.node().clock().schedule(Duration.ofSeconds(1).toNanos(), () -> agner.node().send(probe.pid(), "cancelled"));
        agner.node().clock().schedule(Duration.ofSeconds(1).toNanos() + 1, () -> agner.node().send(probe.pid(), "later"));

        assertTrue(cancelled.cancel());
        assertFalse(cancelled.cancel(), "a second cancel: it was already cancelled");
        assertEquals("later", probe.next(), "the cancelled one, due first, did not fire");
    }

    @Test
    void tenThousandPendingTimers_fireOnOneSharedSystemClock() throws InterruptedException {
        int timers = 10_000;
        Node node = agner.node();
        Set<Thread> firedOn = ConcurrentHashMap.newKeySet();
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger ticks = new AtomicInteger();
        Pid counter = node.spawn(ctx -> {
            while (true) {
                ctx.receive();
                ticks.incrementAndGet();
            }
        });
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Holds the timer thread (a real action must never block; this one does on purpose), so
        // every timer below is pending at once and none can fire on that thread meanwhile.
        node.clock().schedule(0, () -> {
            firedOn.add(Thread.currentThread());
            holding.countDown();
            awaitUninterruptibly(release);
        });
        try {
            assertTrue(holding.await(Probe.WAIT.toSeconds(), TimeUnit.SECONDS), "the hold ran");
            for (int i = 0; i < timers; i++) {
                node.clock().schedule(i % 1_000, () -> {
                    firedOn.add(Thread.currentThread());
                    fired.incrementAndGet();
                });
                node.sendAfter(Duration.ofNanos(i % 1_000), counter, i);
            }
            assertEquals(0, fired.get(), "a timer fired while the timer thread was held: another thread runs timers");
        } finally {
            release.countDown();
        }

        await().until(() -> fired.get() == timers && ticks.get() == timers);
        assertEquals(1, firedOn.size(), "threads that ran timers: " + firedOn);
        assertTrue(firedOn.iterator().next().getName().startsWith("agner-timer-"), firedOn.toString());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
