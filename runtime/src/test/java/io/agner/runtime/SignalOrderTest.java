package io.agner.runtime;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erlang orders {@code is_process_alive(B)} called by A after the signals A sent to B: after
 * {@code exit(B, kill)}, or {@code exit(B, boom)} to a B that does not trap exits, A sees B dead
 * at once. Here B spins without a blocking point, so its thread cannot have exited yet.
 */
class SignalOrderTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    /** A process that spins until released (no blocking point), then receives. */
    private Pid spinner(AtomicBoolean running, AtomicBoolean release, SpawnOptions options) {
        return agner.node().spawn(ctx -> {
            running.set(true);
            while (!release.get()) {
                Thread.onSpinWait();
            }
            ctx.receive();
        }, options);
    }

    private void check(ExitReason signal, SpawnOptions options, boolean aliveAfter) {
        AtomicBoolean running = new AtomicBoolean();
        AtomicBoolean release = new AtomicBoolean();
        Pid b = spinner(running, release, options);
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.monitor(b));
        await().untilTrue(running);

        agner.node().exit(b, signal);

        assertEquals(aliveAfter, agner.node().isAlive(b));
        assertEquals(aliveAfter ? ProcessInfo.Status.RUNNING : ProcessInfo.Status.EXITING,
                agner.node().info(b).orElseThrow().status());
        release.set(true);
        if (!aliveAfter) {
            probe.next(Signal.Down.class);
            assertFalse(agner.node().isAlive(b));
        }
    }

    @Test
    void isProcessAlive_afterExitKill_isFalseAtOnce() {
        check(ExitReason.KILL, SpawnOptions.DEFAULT, false);
    }

    @Test
    void isProcessAlive_afterAbnormalExitToNonTrappingProcess_isFalseAtOnce() {
        check(ExitReason.of("boom"), SpawnOptions.DEFAULT, false);
    }

    @Test
    void isProcessAlive_afterExitKillToTrappingProcess_isFalseAtOnce() {
        check(ExitReason.KILL, SpawnOptions.DEFAULT.withTrapExit(true), false);
    }

    @Test
    void isProcessAlive_afterNormalExitSignal_staysTrue() {
        check(ExitReason.NORMAL, SpawnOptions.DEFAULT, true);
    }

    @Test
    void isProcessAlive_afterAbnormalExitToTrappingProcess_staysTrue() {
        check(ExitReason.of("boom"), SpawnOptions.DEFAULT.withTrapExit(true), true);
    }

    @Test
    void isProcessAlive_fromAProcess_afterItsOwnKill_isFalse() {
        AtomicBoolean running = new AtomicBoolean();
        AtomicBoolean release = new AtomicBoolean();
        Pid b = spinner(running, release, SpawnOptions.DEFAULT);
        await().untilTrue(running);
        Probe probe = agner.probe();
        probe.run(ctx -> {
            ctx.exit(b, ExitReason.KILL);
            ctx.send(ctx.self(), ctx.node().isAlive(b));
        });
        assertEquals(false, probe.next());
        release.set(true);
        await().until(() -> agner.node().info(b).isEmpty()); // it dies at its next blocking point
    }
}
