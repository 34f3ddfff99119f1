package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExitSignalTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private Probe watching(Pid pid) {
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(pid));
        return probe;
    }

    private ExitReason downReason(Probe probe) {
        return probe.next(Signal.Down.class).reason();
    }

    @Test
    void kill_isUntrappable() {
        Pid trapper = agner.node().spawn(LinkTest.CRASH_ON_DEMAND, SpawnOptions.DEFAULT.withTrapExit(true));
        Probe probe = watching(trapper);

        agner.node().exit(trapper, ExitReason.KILL);

        assertEquals(ExitReason.KILLED, downReason(probe));
    }

    @Test
    void linkedToKilled_getsKilledReason() {
        Pid victim = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Probe probe = agner.probe();
        probe.run(ctx -> {
            ctx.trapExit(true);
            ctx.link(victim);
        });

        agner.node().exit(victim, ExitReason.KILL);

        assertEquals(new Signal.Exit(victim, ExitReason.KILLED), probe.next());
    }

    @Test
    void exitSignal_abnormal_killsNonTrappingProcess() {
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Probe probe = watching(target);

        agner.node().exit(target, ExitReason.of("go away"));

        assertEquals(ExitReason.of("go away"), downReason(probe));
    }

    @Test
    void exitSignal_normalFromOther_isIgnored() {
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Probe probe = agner.probe();

        probe.run(ctx -> ctx.exit(target, ExitReason.NORMAL));
        agner.node().exit(target, ExitReason.NORMAL);

        agner.node().send(target, new LinkTest.Ping(probe.pid()));
        assertEquals("pong", probe.next());
    }

    @Test
    void exitSignal_normalToSelf_stopsAtOnce() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.receive(m -> m.equals("go"));
            ctx.exit(ctx.self(), ExitReason.NORMAL);
            ctx.send(probe.pid(), "still running");
        });
        probe.run(ctx -> ctx.monitor(p));
        agner.node().send(p, "go");

        assertEquals(ExitReason.NORMAL, downReason(probe));
    }

    @Test
    void exitSignal_normalToTrappingProcess_arrivesAsMessage() {
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.trapExit(true));

        agner.node().exit(probe.pid(), ExitReason.NORMAL);

        assertEquals(new Signal.Exit(agner.node().systemPid(), ExitReason.NORMAL), probe.next());
        assertTrue(agner.node().isAlive(probe.pid()));
    }

    @Test
    void exitSignal_overtakesQueuedMessages() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Probe probe = agner.probe();
        Pid busy = agner.node().spawn(ctx -> {
            try {
                gate.await(); // busy: not receiving
            } catch (InterruptedException ignored) {
                // an uninterruptible job would carry on; so do we
            }
            while (true) {
                ctx.send(probe.pid(), ctx.receive());
            }
        });
        probe.run(ctx -> ctx.monitor(busy));
        for (int i = 0; i < 1000; i++) {
            agner.node().send(busy, i);
        }

        agner.node().exit(busy, ExitReason.SHUTDOWN);
        gate.countDown();

        // Any forwarded message would reach the probe before the Down.
        assertEquals(ExitReason.SHUTDOWN, probe.next(Signal.Down.class).reason());
    }

    @Test
    void exitSignal_toTrappingProcess_queuesBehindEarlierMessages() {
        CountDownLatch gate = new CountDownLatch(1);
        Probe probe = agner.probe();
        Pid trapper = agner.node().spawn(ctx -> {
            gate.await();
            for (int i = 0; i < 3; i++) {
                ctx.send(probe.pid(), ctx.receive());
            }
        }, SpawnOptions.DEFAULT.withTrapExit(true));
        agner.node().send(trapper, "m1");
        agner.node().send(trapper, "m2");
        agner.node().exit(trapper, ExitReason.of("reason"));
        gate.countDown();

        assertEquals(List.of("m1", "m2", new Signal.Exit(agner.node().systemPid(), ExitReason.of("reason"))),
                List.of(probe.next(), probe.next(), probe.next()));
    }

    @Test
    void kill_interruptsBlockingSleep() {
        Pid sleeper = agner.node().spawn(ctx -> Thread.sleep(java.time.Duration.ofDays(1)));
        Probe probe = watching(sleeper);

        agner.node().exit(sleeper, ExitReason.KILL);

        assertEquals(ExitReason.KILLED, downReason(probe));
    }

    @Test
    void thrownException_isErrorReasonWithStack() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.receive(m -> m.equals("go"));
            throw new IllegalArgumentException("bad input");
        });
        probe.run(ctx -> ctx.monitor(p));
        agner.node().send(p, "go");

        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, downReason(probe));
        assertEquals("bad input", error.cause().getMessage());
        assertTrue(error.cause().getStackTrace().length > 0, "an error keeps its stack");
    }

    @Test
    void explicitExit_isItsOwnReasonNotAnError() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(ctx -> {
            ctx.receive(m -> m.equals("go"));
            ctx.exit(ExitReason.of("done here"));
        });
        probe.run(ctx -> ctx.monitor(p));
        agner.node().send(p, "go");

        assertEquals(new ExitReason.Custom("done here"), downReason(probe));
    }

    @Test
    void condemnedProcess_thatCatchesTheExit_stillDiesWithTheSignalReason() {
        Probe probe = agner.probe();
        Pid stubborn = agner.node().spawn(ctx -> {
            ctx.send(probe.pid(), "started");
            for (int attempts = 0; attempts < 3; attempts++) {
                try {
                    ctx.receive();
                } catch (ExitException ignored) {
                    ctx.send(probe.pid(), "caught");
                }
            }
        });
        probe.run(ctx -> ctx.monitor(stubborn));
        // A signal that arrives before the body starts kills it at once; this test is about one that finds it running.
        assertEquals("started", probe.next());

        agner.node().exit(stubborn, ExitReason.of("stop it"));

        assertEquals(List.of("caught", "caught", "caught"), List.of(probe.next(), probe.next(), probe.next()));
        assertEquals(ExitReason.of("stop it"), downReason(probe));
    }

    @Test
    void kill_interruptsAgain_whenTheBodySwallowedAnEarlierSignal() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch swallowed = new CountDownLatch(1);
        Pid stubborn = agner.node().spawn(ctx -> {
            started.countDown();
            try {
                Thread.sleep(java.time.Duration.ofDays(1));
            } catch (InterruptedException e) {
                swallowed.countDown(); // carries on, as badly written code does
            }
            Thread.sleep(java.time.Duration.ofDays(1));
        });
        Probe probe = watching(stubborn);
        await().until(() -> started.getCount() == 0); // a signal before the body starts would kill it at once

        agner.node().exit(stubborn, ExitReason.SHUTDOWN);
        await().until(() -> swallowed.getCount() == 0); // the first interrupt was consumed (as in close(): shutdown, wait, kill)
        agner.node().exit(stubborn, ExitReason.KILL);

        assertEquals(ExitReason.SHUTDOWN, downReason(probe), "the first signal's reason; the kill only made it stop");
    }

    @Test
    void firstFatalSignal_decidesTheReason() {
        CountDownLatch gate = new CountDownLatch(1);
        Pid p = agner.node().spawn(ctx -> {
            try {
                gate.await();
            } catch (InterruptedException ignored) {
                gate.await();
            }
            ctx.receive();
        });
        Probe probe = watching(p);

        agner.node().exit(p, ExitReason.of("first"));
        agner.node().exit(p, ExitReason.KILL);
        gate.countDown();

        assertEquals(ExitReason.of("first"), downReason(probe));
    }
}
