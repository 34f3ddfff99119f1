package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinkTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Ping(Pid from) {}

    /** Waits for "crash" and then throws; answers pings meanwhile. */
    static final ProcessBody CRASH_ON_DEMAND = ctx -> {
        while (true) {
            Object m = ctx.receive();
            if (m instanceof Ping(Pid from)) {
                ctx.send(from, "pong");
            } else if (m.equals("crash")) {
                throw new IllegalStateException("crashed on demand");
            } else if (m.equals("stop")) {
                return;
            }
        }
    };

    /** Spawns {@code body} linked to a new process that just waits; returns {linker, linked}. */
    private Pid[] linkedPair(ProcessBody body) {
        AtomicReference<Pid> child = new AtomicReference<>();
        Probe ready = agner.probe();
        Pid parent = agner.node().spawn(ctx -> {
            child.set(ctx.spawnLink(body));
            ctx.send(ready.pid(), "linked");
            CRASH_ON_DEMAND.run(ctx);
        });
        assertEquals("linked", ready.next());
        return new Pid[] {parent, child.get()};
    }

    @Test
    void link_abnormalExit_killsLinkedProcess() {
        Pid[] pair = linkedPair(CRASH_ON_DEMAND);
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(pair[0]));
        probe.run(ctx -> ctx.monitor(pair[1]));

        agner.node().send(pair[1], "crash");

        Signal.Down first = probe.next(Signal.Down.class);
        Signal.Down second = probe.next(Signal.Down.class);
        ExitReason.Error crashed = assertInstanceOf(ExitReason.Error.class, first.reason());
        assertEquals("crashed on demand", crashed.cause().getMessage());
        assertEquals(first.reason(), second.reason(), "the linked process dies with the same reason");
    }

    @Test
    void link_isBidirectional() {
        Pid[] pair = linkedPair(CRASH_ON_DEMAND);
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(pair[1]));

        agner.node().send(pair[0], "crash");

        assertInstanceOf(ExitReason.Error.class, probe.next(Signal.Down.class).reason());
    }

    @Test
    void link_normalExit_doesNotKill() {
        Pid[] pair = linkedPair(CRASH_ON_DEMAND);
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(pair[1]));

        agner.node().send(pair[1], "stop");
        assertEquals(ExitReason.NORMAL, probe.next(Signal.Down.class).reason());

        // The link signal reached pair[0] before the Down reached us; it still answers.
        agner.node().send(pair[0], new Ping(probe.pid()));
        assertEquals("pong", probe.next());
    }

    @Test
    void spawnLink_childCrash_killsParent() {
        Pid[] pair = linkedPair(ctx -> {
            ctx.receive(m -> m.equals("go"));
            ctx.exit(ExitReason.of("child gave up"));
        });
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(pair[0]));
        agner.node().send(pair[1], "go");
        assertEquals(ExitReason.of("child gave up"), probe.next(Signal.Down.class).reason());
    }

    @Test
    void trapExit_turnsSignalIntoMessage() {
        Probe probe = agner.probe();
        Pid worker = agner.node().spawn(CRASH_ON_DEMAND);
        probe.run(ctx -> {
            ctx.trapExit(true);
            ctx.link(worker);
        });

        agner.node().send(worker, "crash");

        Signal.Exit exit = probe.next(Signal.Exit.class);
        assertEquals(worker, exit.from());
        assertInstanceOf(ExitReason.Error.class, exit.reason());
        assertTrue(agner.node().isAlive(probe.pid()), "a trapping process survives");
    }

    /** A pid whose process has exited, and whose Down has been seen. */
    private Pid deadPid() {
        Pid dead = agner.node().spawn(ctx -> {});
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(dead));
        probe.next(Signal.Down.class);
        return dead;
    }

    /** Erlang: {@code try link(Dead) catch error:noproc -> caught end} in a process that does not trap exits. */
    @Test
    void link_toDeadPid_withoutTrap_raisesErrorNoproc_thatACatchCatches() {
        Pid dead = deadPid();
        Probe probe = agner.probe();

        probe.run(ctx -> {
            try {
                ctx.link(dead);
                ctx.send(probe.pid(), "linked");
            } catch (NoProcException e) {
                ctx.send(probe.pid(), e);
            }
        });

        NoProcException e = probe.next(NoProcException.class);
        assertEquals(dead, e.pid());
        assertTrue(e.getStackTrace().length > 0, "an error carries its stack, as {noproc, Stack}");
        assertTrue(agner.node().isAlive(probe.pid()), "caught: the process carries on");
    }

    /** Erlang: an uncaught {@code error:noproc} from link/1 kills the process with {@code {noproc, Stack}}. */
    @Test
    void link_toDeadPid_withoutTrap_uncaught_crashesTheProcessWithTheError() {
        Pid dead = deadPid();
        Probe probe = agner.probe();
        Pid linker = agner.node().spawn(ctx -> {
            ctx.receive(m -> m.equals("go"));
            ctx.link(dead);
            ctx.send(probe.pid(), "survived");
        });
        probe.run(ctx -> ctx.monitor(linker));

        agner.node().send(linker, "go");

        ExitReason reason = probe.next(Signal.Down.class).reason();
        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, reason);
        assertEquals(dead, assertInstanceOf(NoProcException.class, error.cause()).pid());
    }

    @Test
    void link_toDeadPid_withTrap_deliversExitNoproc() {
        Pid dead = agner.node().spawn(ctx -> {});
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(dead));
        probe.next(Signal.Down.class);

        probe.run(ctx -> {
            ctx.trapExit(true);
            ctx.link(dead);
        });

        assertEquals(new Signal.Exit(dead, ExitReason.NOPROC), probe.next());
    }

    @Test
    void unlink_preventsPropagation() {
        Probe probe = agner.probe();
        Pid worker = agner.node().spawn(CRASH_ON_DEMAND);
        probe.run(ctx -> {
            ctx.link(worker);
            ctx.unlink(worker);
            ctx.monitor(worker);
        });

        agner.node().send(worker, "crash");

        assertInstanceOf(ExitReason.Error.class, probe.next(Signal.Down.class).reason());
        assertEquals("still here", probe.call(ctx -> "still here"));
        assertTrue(agner.node().info(probe.pid()).orElseThrow().links().isEmpty());
    }

    @Test
    void links_formASet_oneUnlinkRemovesIt() {
        Probe probe = agner.probe();
        Pid worker = agner.node().spawn(CRASH_ON_DEMAND);
        probe.run(ctx -> {
            ctx.trapExit(true);
            ctx.link(worker);
            ctx.link(worker);
            ctx.unlink(worker);
            ctx.monitor(worker);
        });

        agner.node().send(worker, "crash");

        // An Exit would have been queued before the Down: the exiting process tells links first.
        probe.next(Signal.Down.class);
        assertEquals(Optional.empty(), probe.poll());
    }

    @Test
    void unlink_keepsAlreadyQueuedExit() {
        Probe probe = agner.probe();
        Pid worker = agner.node().spawn(CRASH_ON_DEMAND);
        agner.node().spawn(ctx -> {
            ctx.trapExit(true);
            ctx.link(worker);
            Ref ref = ctx.monitor(worker);
            ctx.send(worker, "crash");
            ctx.receive(m -> m instanceof Signal.Down d && d.ref().equals(ref)); // Exit is queued before it
            ctx.unlink(worker);
            ctx.send(probe.pid(), ctx.receive(m -> m instanceof Signal.Exit, Duration.ZERO));
        });
        Optional<?> exit = probe.next(Optional.class);
        assertInstanceOf(Signal.Exit.class, exit.orElseThrow());
    }

    @Test
    void exit_selfWithKill_sendsOrdinaryKillToLinks() {
        Probe trapping = agner.probe();
        Probe watcher = agner.probe();
        AtomicReference<Pid> bystander = new AtomicReference<>();
        Pid suicidal = agner.node().spawn(ctx -> {
            bystander.set(ctx.spawnLink(CRASH_ON_DEMAND));
            ctx.send(watcher.pid(), "ready");
            ctx.receive(m -> m.equals("go"));
            ctx.exit(ExitReason.KILL);
        });
        assertEquals("ready", watcher.next());
        trapping.run(ctx -> {
            ctx.trapExit(true);
            ctx.link(suicidal);
        });
        watcher.run(ctx -> ctx.monitor(bystander.get()));

        agner.node().send(suicidal, "go");

        assertEquals(new Signal.Exit(suicidal, ExitReason.KILL), trapping.next(), "kill via a link is trappable");
        assertEquals(ExitReason.KILL, watcher.next(Signal.Down.class).reason(), "non-trapping link dies with kill, not killed");
    }
}
