package io.agner.supervisor;

import static io.agner.supervisor.Kids.pids;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.Kids.ExitWith;
import io.agner.supervisor.Kids.Started;
import io.agner.supervisor.Kids.Stopped;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart intensity over the node's clock, which these tests move by hand. */
class IntensityTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private static final ExitReason BOOM = ExitReason.of("boom");

    /** Starts a supervisor of a trapping "keeper" then a "crasher", monitored by the probe. */
    private Pid start(Probe probe, int intensity, Duration period) {
        Pid sup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ONE, intensity, period), List.of(
                ChildSpec.worker("keeper", Kids.worker(probe, "keeper", true)),
                ChildSpec.worker("crasher", Kids.worker(probe, "crasher"))));
        assertEquals("keeper", probe.next(Started.class).id());
        assertEquals("crasher", probe.next(Started.class).id());
        probe.run(ctx -> ctx.monitor(sup));
        return sup;
    }

    /** Crashes the crasher and waits until it runs again under a new pid. */
    private Pid crashAndAwaitRestart(Probe probe, Pid sup, Pid crasher) {
        agner.node().send(crasher, new ExitWith(BOOM));
        Started again = probe.next(Started.class);
        assertEquals("crasher", again.id());
        assertNotEquals(crasher, again.pid());
        return again.pid();
    }

    private void assertGaveUp(Probe probe, Pid sup) {
        assertEquals(new Stopped("keeper", ExitReason.SHUTDOWN), probe.next(), "its children are stopped first");
        Signal.Down down = probe.next(Signal.Down.class);
        assertEquals(sup, down.pid());
        assertEquals(ExitReason.SHUTDOWN, down.reason());
        assertFalse(agner.node().isAlive(sup));
    }

    @Test
    void intensityN_allowsNRestartsInPeriod_theNextFailureStopsTheSupervisorWithShutdown() {
        Probe probe = agner.probe();
        Pid sup = start(probe, 3, Duration.ofSeconds(10));
        Pid crasher = pids(agner.node(), sup).get("crasher").orElseThrow();
        for (int i = 0; i < 3; i++) {
            agner.clock().advance(Duration.ofSeconds(1));
            crasher = crashAndAwaitRestart(probe, sup, crasher);
        }
        assertTrue(agner.node().isAlive(sup));

        agner.node().send(crasher, new ExitWith(BOOM));

        assertGaveUp(probe, sup);
    }

    @Test
    void intensityZero_firstFailureStopsTheSupervisor() {
        Probe probe = agner.probe();
        Pid sup = start(probe, 0, Duration.ofSeconds(5));

        agner.node().send(pids(agner.node(), sup).get("crasher").orElseThrow(), new ExitWith(BOOM));

        assertGaveUp(probe, sup);
    }

    @Test
    void restartsOlderThanPeriod_doNotCount() {
        Probe probe = agner.probe();
        Pid sup = start(probe, 1, Duration.ofSeconds(5));
        Pid crasher = pids(agner.node(), sup).get("crasher").orElseThrow();
        crasher = crashAndAwaitRestart(probe, sup, crasher);
        agner.clock().advance(Duration.ofSeconds(6));
        crasher = crashAndAwaitRestart(probe, sup, crasher); // the first restart has left the window
        agner.clock().advance(Duration.ofSeconds(6));
        crasher = crashAndAwaitRestart(probe, sup, crasher);
        assertTrue(agner.node().isAlive(sup));

        agner.clock().advance(Duration.ofSeconds(4)); // still within 5 s of the last restart
        agner.node().send(crasher, new ExitWith(BOOM));

        assertGaveUp(probe, sup);
    }

    @Test
    void exitsThatAreNotRestarted_doNotCount() {
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ONE, 0, Duration.ofSeconds(5)), List.of(
                ChildSpec.worker("transient", Kids.worker(probe, "transient")).withRestart(Restart.TRANSIENT),
                ChildSpec.worker("temporary", Kids.worker(probe, "temporary")).withRestart(Restart.TEMPORARY)));
        Pid transientChild = probe.next(Started.class).pid();
        Pid temporaryChild = probe.next(Started.class).pid();

        agner.node().send(transientChild, new ExitWith(ExitReason.NORMAL));
        agner.node().send(temporaryChild, new ExitWith(BOOM));

        await().until(() -> pids(agner.node(), sup).equals(Map.of("transient", Optional.empty())));
        assertTrue(agner.node().isAlive(sup), "intensity 0, yet nothing was restarted, so nothing counts");
        assertEquals(new ChildCounts(1, 0, 0, 1), Supervisor.countChildren(agner.node(), sup));
    }

    @Test
    void restartExactlyOnePeriodLater_stillCounts() {
        Probe probe = agner.probe();
        Pid sup = start(probe, 1, Duration.ofSeconds(5));
        Pid crasher = crashAndAwaitRestart(probe, sup, pids(agner.node(), sup).get("crasher").orElseThrow());

        agner.clock().advance(Duration.ofSeconds(5)); // OTP keeps restarts at Now - Period in the window
        agner.node().send(crasher, new ExitWith(BOOM));

        assertGaveUp(probe, sup);
    }

    @Test
    void failedRestart_isRetried_eachAttemptCounting_untilTheSupervisorGivesUp() {
        Probe probe = agner.probe();
        AtomicInteger attempts = new AtomicInteger();
        ChildStart onlyOnce = (s, args) -> {
            if (attempts.incrementAndGet() > 1) {
                throw new IllegalStateException("port in use");
            }
            return Kids.worker(probe, "crasher").start(s, args);
        };
        Pid sup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ONE, 3, Duration.ofSeconds(10)), List.of(
                ChildSpec.worker("keeper", Kids.worker(probe, "keeper", true)),
                ChildSpec.worker("crasher", onlyOnce)));
        probe.next(Started.class);
        Pid crasher = probe.next(Started.class).pid();
        probe.run(ctx -> ctx.monitor(sup));

        agner.node().send(crasher, new ExitWith(BOOM));

        assertGaveUp(probe, sup);
        assertEquals(1 + 3, attempts.get(), "the first start, then three restarts allowed by intensity 3");
    }

    @Test
    void failedRestart_thatLaterSucceeds_leavesTheChildRunning() {
        Probe probe = agner.probe();
        AtomicInteger attempts = new AtomicInteger();
        ChildStart flaky = (s, args) -> {
            if (attempts.incrementAndGet() == 2) {
                throw new IllegalStateException("port in use");
            }
            return Kids.worker(probe, "crasher").start(s, args);
        };
        Pid sup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ONE, 3, Duration.ofSeconds(10)), List.of(
                ChildSpec.worker("crasher", flaky)));
        Pid crasher = probe.next(Started.class).pid();

        agner.node().send(crasher, new ExitWith(BOOM));

        Pid again = probe.next(Started.class).pid();
        assertEquals(3, attempts.get());
        assertEquals(Map.of("crasher", Optional.of(again)), pids(agner.node(), sup));
    }

    @Test
    void oneForAll_restartingEveryChild_countsAsOneRestart() {
        Probe probe = agner.probe();
        Pid sup = Supervisor.start(agner.node(), new SupFlags(RestartStrategy.ONE_FOR_ALL, 1, Duration.ofSeconds(5)), List.of(
                ChildSpec.worker("a", Kids.worker(probe, "a")),
                ChildSpec.worker("b", Kids.worker(probe, "b")),
                ChildSpec.worker("c", Kids.worker(probe, "c"))));
        Pid a = probe.next(Started.class).pid();
        probe.next(Started.class);
        probe.next(Started.class);

        agner.node().send(a, new ExitWith(BOOM));

        for (String id : List.of("a", "b", "c")) {
            assertEquals(id, probe.next(Started.class).id());
        }
        assertTrue(pids(agner.node(), sup).values().stream().allMatch(Optional::isPresent));
        assertTrue(agner.node().isAlive(sup), "three children restarted, one restart counted");
    }
}
