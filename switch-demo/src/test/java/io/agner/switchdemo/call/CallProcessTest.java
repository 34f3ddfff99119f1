package io.agner.switchdemo.call;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A call process between two lines (here probes that trap exits, as line processes do). */
class CallProcessTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private Probe line() {
        Probe p = agner.probe();
        p.run(ctx -> ctx.trapExit(true));
        return p;
    }

    private Pid call(Probe caller, Probe callee) {
        return agner.node().spawn(ctx -> CallProcess.run(ctx, 1L, caller.pid(), callee.pid()));
    }

    private void awaitLinked(Pid call, Probe caller, Probe callee) {
        await().until(() -> agner.node().info(caller.pid()).orElseThrow().links().contains(call)
                && agner.node().info(callee.pid()).orElseThrow().links().contains(call));
    }

    @Test
    void clearedCall_endsNormally_withoutWakingItsLines() {
        Probe caller = line();
        Probe callee = line();
        Probe watcher = agner.probe();
        Pid call = call(caller, callee);
        watcher.run(ctx -> ctx.monitor(call));
        awaitLinked(call, caller, callee);
        agner.node().send(call, CallProcess.CLEAR);
        assertEquals(ExitReason.NORMAL, watcher.next(Signal.Down.class).reason());
        // Links are told of an exit before monitors: an Exit would be queued already.
        assertTrue(caller.poll().isEmpty(), "the caller's line is not woken by a normal end");
        assertTrue(callee.poll().isEmpty(), "the callee's line is not woken by a normal end");
    }

    @Test
    void killedCall_isHeardByBothLines() {
        Probe caller = line();
        Probe callee = line();
        Pid call = call(caller, callee);
        awaitLinked(call, caller, callee);
        agner.node().exit(call, ExitReason.KILL);
        assertEquals(ExitReason.KILLED, caller.next(Signal.Exit.class).reason());
        assertEquals(ExitReason.KILLED, callee.next(Signal.Exit.class).reason());
    }
}
