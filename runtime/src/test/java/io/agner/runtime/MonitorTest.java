package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MonitorTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void monitor_deliversDownOnce() {
        Probe probe = agner.probe();
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Ref ref = probe.call(ctx -> ctx.monitor(target));

        agner.node().exit(target, ExitReason.of("bye"));

        assertEquals(new Signal.Down(ref, target, ExitReason.of("bye")), probe.next());
        agner.node().send(probe.pid(), "marker");
        assertEquals("marker", probe.next(), "no second Down");
    }

    @Test
    void monitor_deadPid_deliversNoproc() {
        Probe probe = agner.probe();
        Pid dead = agner.node().spawn(ctx -> {});
        probe.run(ctx -> ctx.monitor(dead));
        probe.next(Signal.Down.class);

        Ref ref = probe.call(ctx -> ctx.monitor(dead));

        assertEquals(new Signal.Down(ref, dead, ExitReason.NOPROC), probe.next());
    }

    /** Erlang: {@code monitor(process, worker)} gives {@code {'DOWN', Ref, process, {worker, node()}, Reason}}. */
    @Test
    void monitor_registeredName_downCarriesTheName() {
        Probe probe = agner.probe();
        Pid worker = agner.node().spawn(LinkTest.CRASH_ON_DEMAND, SpawnOptions.DEFAULT.withName("worker"));
        Ref ref = probe.call(ctx -> ctx.monitor(ServerRef.named("worker")));

        agner.node().exit(worker, ExitReason.of("bye"));

        assertEquals(new Signal.Down(ref, worker, ExitReason.of("bye"), ServerRef.named("worker")), probe.next());
    }

    /** Erlang: monitoring a name nobody holds gives an immediate {@code 'DOWN'} with {@code noproc}. */
    @Test
    void monitor_unregisteredName_deliversNoprocAtOnce() {
        Probe probe = agner.probe();

        Ref ref = probe.call(ctx -> ctx.monitor(ServerRef.named("nobody")));

        assertEquals(new Signal.Down(ref, null, ExitReason.NOPROC, ServerRef.named("nobody")), probe.next());
    }

    /** Erlang: the monitor is on the process that held the name when it was set; it does not follow the name. */
    @Test
    void monitor_registeredName_staysWithTheProcessThatHeldIt() {
        Probe probe = agner.probe();
        Pid first = agner.node().spawn(LinkTest.CRASH_ON_DEMAND, SpawnOptions.DEFAULT.withName("desk"));
        Ref ref = probe.call(ctx -> ctx.monitor(ServerRef.named("desk")));
        assertTrue(agner.node().unregister("desk"));
        Pid second = agner.node().spawn(LinkTest.CRASH_ON_DEMAND, SpawnOptions.DEFAULT.withName("desk"));
        Probe bystander = agner.probe();
        bystander.run(ctx -> ctx.monitor(second));

        agner.node().exit(second, ExitReason.of("second"));
        bystander.next(Signal.Down.class);
        assertEquals(Optional.empty(), probe.poll(), "the name's new holder is not monitored");
        agner.node().exit(first, ExitReason.of("first"));

        assertEquals(new Signal.Down(ref, first, ExitReason.of("first"), ServerRef.named("desk")), probe.next());
        assertEquals(Set.of(), agner.node().info(probe.pid()).orElseThrow().monitors());
    }

    @Test
    void monitor_registeredName_demonitorLeavesNoDown() {
        Probe probe = agner.probe();
        Pid worker = agner.node().spawn(LinkTest.CRASH_ON_DEMAND, SpawnOptions.DEFAULT.withName("worker"));
        Ref ref = probe.call(ctx -> ctx.monitor(ServerRef.named("worker")));
        assertEquals(Set.of(worker), agner.node().info(probe.pid()).orElseThrow().monitors());

        boolean wasActive = probe.call(ctx -> ctx.demonitor(ref));
        assertTrue(wasActive);
        agner.node().exit(worker, ExitReason.of("bye"));
        Probe bystander = agner.probe();
        bystander.run(ctx -> ctx.monitor(worker));
        bystander.next(Signal.Down.class);

        assertEquals(Optional.empty(), probe.poll());
    }

    @Test
    void monitor_isOneWay() {
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Probe watcher = agner.probe();
        watcher.run(ctx -> ctx.monitor(target));
        Probe other = agner.probe();
        other.run(ctx -> ctx.monitor(watcher.pid()));

        agner.node().exit(watcher.pid(), ExitReason.of("watcher crashed"));
        other.next(Signal.Down.class);

        agner.node().send(target, new LinkTest.Ping(other.pid()));
        assertEquals("pong", other.next());
    }

    @Test
    void monitor_twice_givesTwoIndependentDowns() {
        Probe probe = agner.probe();
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Ref a = probe.call(ctx -> ctx.monitor(target));
        Ref b = probe.call(ctx -> ctx.monitor(target));

        agner.node().send(target, "stop");

        List<Ref> refs = List.of(probe.next(Signal.Down.class).ref(), probe.next(Signal.Down.class).ref());
        assertTrue(refs.containsAll(List.of(a, b)), refs.toString());
    }

    @Test
    void spawnMonitor_reportsImmediateCrash() {
        Probe probe = agner.probe();
        MonitoredPid child = probe.call(ctx -> ctx.spawnMonitor(c -> {
            throw new IllegalStateException("died at once");
        }));

        Signal.Down down = probe.next(Signal.Down.class);
        assertEquals(child.ref(), down.ref());
        assertEquals(child.pid(), down.pid());
        assertInstanceOf(ExitReason.Error.class, down.reason(), "not noproc: the monitor existed before it ran");
    }

    /** A watcher that monitors a target, has it stop, waits until every Down is queued, then runs {@code then}. */
    private Probe afterTargetFullyGone(java.util.function.BiFunction<ProcessContext, Ref, Object> then) {
        Probe probe = agner.probe();
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        agner.node().spawn(ctx -> {
            Ref ref = ctx.monitor(target);
            ctx.send(target, "stop");
            // info is empty only after the exit has queued every Down
            await().until(() -> ctx.node().info(target).isEmpty());
            ctx.send(probe.pid(), then.apply(ctx, ref));
        });
        return probe;
    }

    @Test
    void demonitor_flush_removesDownMessage() {
        Probe probe = afterTargetFullyGone((ctx, ref) -> {
            boolean wasActive = ctx.demonitor(ref, true);
            return List.of(wasActive, ctx.receive(Duration.ZERO));
        });
        assertEquals(List.of(false, Optional.empty()), probe.next());
    }

    @Test
    void demonitor_withoutFlush_leavesQueuedDown() {
        Probe probe = afterTargetFullyGone((ctx, ref) -> {
            ctx.demonitor(ref);
            return ctx.receive(Duration.ZERO).orElseThrow();
        });
        assertInstanceOf(Signal.Down.class, probe.next());
    }

    @Test
    void demonitor_beforeExit_noDownArrives() {
        Probe probe = agner.probe();
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        agner.node().spawn(ctx -> {
            Ref cancelled = ctx.monitor(target);
            boolean wasActive = ctx.demonitor(cancelled);
            ctx.monitor(target);
            ctx.send(target, "stop");
            ctx.receive(m -> m instanceof Signal.Down);
            await().until(() -> ctx.node().info(target).isEmpty());
            ctx.send(probe.pid(), List.of(wasActive, ctx.receive(Duration.ZERO)));
        });
        assertEquals(List.of(true, Optional.empty()), probe.next());
    }

    @Test
    void demonitor_removesTheMonitorFromBothSides() {
        Probe probe = agner.probe();
        Pid target = agner.node().spawn(LinkTest.CRASH_ON_DEMAND);
        Ref ref = probe.call(ctx -> ctx.monitor(target));
        assertEquals(java.util.Set.of(probe.pid()), agner.node().info(target).orElseThrow().monitoredBy());

        assertTrue(probe.<Boolean>call(ctx -> ctx.demonitor(ref)));

        assertTrue(agner.node().info(target).orElseThrow().monitoredBy().isEmpty());
        assertTrue(agner.node().info(probe.pid()).orElseThrow().monitors().isEmpty());
        assertFalse(probe.<Boolean>call(ctx -> ctx.demonitor(ref)), "a second demonitor finds nothing");
    }
}
