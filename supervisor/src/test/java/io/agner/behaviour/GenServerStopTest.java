package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Recorder.Terminated;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gen_server:stop — proc_lib:stop's semantics. */
class GenServerStopTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void stop_runsTerminateAndServerIsGoneWhenItReturns() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()), "doomed");

        GenServers.stop(agner.node(), ServerRef.named("doomed"), ExitReason.shutdown("maintenance"), WAIT);

        assertFalse(agner.node().isAlive(server));
        assertTrue(agner.node().whereis("doomed").isEmpty());
        assertEquals(ExitReason.shutdown("maintenance"), observer.next(Terminated.class).reason());
    }

    @Test
    void stop_fromProcess_leavesNothingBehindInCaller() {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved());
        Probe caller = agner.probe();

        var info = caller.call(ctx -> {
            GenServers.stop(ctx, server, ExitReason.NORMAL, WAIT);
            return ctx.info();
        });

        assertFalse(agner.node().isAlive(server));
        assertEquals(0, info.mailboxLength());
        assertTrue(info.monitors().isEmpty(), "monitors left: " + info.monitors());
    }

    @Test
    void stop_deadServer_throwsNoproc() {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved());
        GenServers.stop(agner.node(), server, ExitReason.NORMAL, WAIT);

        CallException e = assertThrows(CallException.class,
                () -> GenServers.stop(agner.node(), server, ExitReason.NORMAL, WAIT));
        assertEquals(ExitReason.NOPROC, e.reason());
        assertThrows(CallException.class, () -> GenServers.stop(agner.node(), ServerRef.named("nobody"), ExitReason.NORMAL, WAIT));
    }
    @Test
    void stop_serverDiesOfAnotherReasonFirst_throwsWithThatReason() {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved());
        CountDownLatch gate = new CountDownLatch(1);
        agner.node().spawn(ctx -> GenServers.call(ctx, server, new Recorder.Await(gate, "busy"), WAIT));
        await().until(() -> messagesReceived(server) == 1); // now blocked in handleCall
        GenServers.cast(agner.node(), server, new Recorder.Crash("first"));
        Probe observer = agner.probe();
        agner.node().spawn(ctx -> {
            try {
                GenServers.stop(ctx, server, ExitReason.NORMAL, WAIT);
                ctx.send(observer.pid(), "stopped");
            } catch (CallException e) {
                ctx.send(observer.pid(), e);
            }
        });
        await().until(() -> agner.node().info(server).map(ProcessInfo::mailboxLength).orElse(0) == 2); // crash, then stop

        gate.countDown();

        CallException e = observer.next(CallException.class);
        assertEquals("first", assertInstanceOf(ExitReason.Error.class, e.reason()).cause().getMessage());
    }

    private long messagesReceived(Pid pid) {
        return agner.node().info(pid).map(ProcessInfo::messagesReceived).orElse(-1L);
    }
}
