package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Recorder.Await;
import io.agner.behaviour.Recorder.Crash;
import io.agner.behaviour.Recorder.Get;
import io.agner.behaviour.Recorder.StopWith;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ProcessInfo;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gen_server:call, cast and reply, and every way a call can fail. */
class GenServerCallTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(100);

    /** Holds the call it gets and answers it when told "release", then tells the caller "released". */
    /** A request {@link Holder} holds without replying, like any it does not know. */
    record HoldThis() {}

    static final class Holder implements GenServer<From> {
        @Override
        public From init(ProcessContext ctx) {
            return null;
        }

        @Override
        public Result<From> handleCall(ProcessContext ctx, Object request, From from, From held) {
            if (request.equals("handover")) {
                ctx.spawn(helper -> GenServers.reply(from, "from a helper"));
                return GenServer.noReply(held);
            }
            if (request.equals("twice")) {
                GenServers.reply(from, "first");
                GenServers.reply(from, "second");
                return GenServer.noReply(held);
            }
            return GenServer.noReply(from);
        }

        @Override
        public Result<From> handleInfo(ProcessContext ctx, Object message, From held) {
            if (message.equals("release") && held != null) {
                GenServers.reply(held, "late");
                ctx.send(held.pid(), "released");
            }
            return GenServer.noReply(null);
        }
    }

    private Pid recorder() {
        return GenServers.start(agner.node(), Recorder.unobserved());
    }

    @Test
    void call_echoServer_returnsReply() {
        Pid server = recorder();

        assertEquals("hello", GenServers.call(agner.node(), server, "hello", WAIT));
    }

    @Test
    void cast_thenCallFromSameSender_callSeesCastsInOrder() {
        Pid server = recorder();
        Probe client = agner.probe();

        List<?> state = client.call(ctx -> {
            GenServers.cast(ctx, server, "a");
            GenServers.cast(ctx, server, "b");
            return (List<?>) GenServers.call(ctx, server, new Get(), WAIT);
        });

        assertEquals(List.of("a", "b"), state);
    }

    @Test
    void call_byRegisteredName_reachesServer() {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved(), "rec");
        GenServers.cast(agner.node(), ServerRef.named("rec"), "by name");

        assertEquals(List.of("by name"), GenServers.call(agner.node(), ServerRef.named("rec"), new Get(), WAIT));
        assertEquals(server, agner.node().whereis("rec").orElseThrow());
    }

    @Test
    void call_noReplyThenReplyFromAnotherProcess_returnsThatValue() {
        Pid server = GenServers.start(agner.node(), new Holder());

        assertEquals("from a helper", GenServers.call(agner.node(), server, "handover", WAIT));
    }

    @Test
    void cast_toUnknownNameOrDeadPid_isSilentlyDropped() {
        Pid dead = agner.node().spawn(ctx -> {});
        await().until(() -> !agner.node().isAlive(dead));
        Probe client = agner.probe();

        assertDoesNotThrow(() -> GenServers.cast(agner.node(), ServerRef.named("nobody"), "x"));
        assertDoesNotThrow(() -> GenServers.cast(agner.node(), dead, "x"));
        client.run(ctx -> {
            GenServers.cast(ctx, ServerRef.named("nobody"), "x");
            GenServers.cast(ctx, dead, "x");
        });
        assertTrue(agner.node().isAlive(client.pid()), "casting to nobody must not hurt the caster");
    }

    @Test
    void call_unknownName_throwsNoprocNamingTargetAndRequestType() {
        CallException e = assertThrows(CallException.class,
                () -> GenServers.call(agner.node(), ServerRef.named("nobody"), new Get(), WAIT));

        assertEquals(ExitReason.NOPROC, e.reason());
        assertEquals(ServerRef.named("nobody"), e.target());
        assertTrue(e.getMessage().contains("nobody") && e.getMessage().contains("Get"), e.getMessage());
    }

    @Test
    void call_deadPid_throwsNoprocNamingTargetAndRequestType() {
        Pid server = recorder();
        GenServers.stop(agner.node(), server, ExitReason.NORMAL, WAIT);

        CallException e = assertThrows(CallException.class,
                () -> GenServers.call(agner.node(), server, new Get(), WAIT));

        assertEquals(ExitReason.NOPROC, e.reason());
        assertEquals(server, e.target());
        assertTrue(e.getMessage().contains(server.toString()) && e.getMessage().contains("Get"), e.getMessage());
    }

    @Test
    void call_serverCrashes_throwsWithErrorReasonAndCause() {
        Pid server = recorder();

        CallException e = assertThrows(CallException.class,
                () -> GenServers.call(agner.node(), server, new Crash("boom"), WAIT));

        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, e.reason());
        assertEquals("boom", error.cause().getMessage());
        assertSame(error.cause(), e.getCause());
        assertTrue(e.getMessage().contains("Crash"), e.getMessage());
        await().until(() -> !agner.node().isAlive(server));
    }

    @Test
    void call_serverStopsWithoutReply_throwsWithStopReason() {
        Pid server = recorder();
        ExitReason reason = ExitReason.of("enough");

        CallException e = assertThrows(CallException.class,
                () -> GenServers.call(agner.node(), server, new StopWith(reason, null), WAIT));

        assertEquals(reason, e.reason());
    }

    @Test
    void call_serverKilledDuringCall_throwsKilled() {
        Pid server = recorder();
        Probe observer = agner.probe();
        agner.node().spawn(ctx -> {
            try {
                GenServers.call(ctx, server, new Await(new CountDownLatch(1), "never"), WAIT);
            } catch (CallException e) {
                ctx.send(observer.pid(), e);
            }
        });
        await().until(() -> agner.node().info(server).map(ProcessInfo::messagesReceived).orElse(0L) >= 1);

        agner.node().exit(server, ExitReason.KILL);

        assertEquals(ExitReason.KILLED, observer.next(CallException.class).reason());
    }

    @Test
    void call_noReplyInTime_throwsCallTimeoutException() {
        Pid server = GenServers.start(agner.node(), new Holder());

        CallTimeoutException e = assertThrows(CallTimeoutException.class,
                () -> GenServers.call(agner.node(), server, new HoldThis(), SHORT));

        assertEquals(CallTimeoutException.TIMEOUT, e.reason());
        assertEquals(server, e.target());
        assertTrue(e.getMessage().contains(server.toString()) && e.getMessage().contains("HoldThis")
                && e.getMessage().contains("no reply within " + SHORT), e.getMessage());
        assertTrue(agner.node().isAlive(server), "a timeout does not hurt the server");
    }

    @Test
    void call_replyAfterTimeout_neverReachesCallersMailbox() {
        Pid server = GenServers.start(agner.node(), new Holder());
        Probe client = agner.probe();

        client.run(ctx -> assertThrows(CallTimeoutException.class, () -> GenServers.call(ctx, server, "hold", SHORT)));
        agner.node().send(server, "release");

        // The server replied ("late") before it sent "released", so a leaked reply would come first.
        assertEquals("released", client.next());
        assertEquals(0, agner.node().info(client.pid()).map(ProcessInfo::mailboxLength).orElseThrow());
    }

    @Test
    void call_timedOut_isNotWithdrawnAndItsLateReplyIsDropped() {
        Pid server = recorder();
        CountDownLatch gate = new CountDownLatch(1);
        Probe client = agner.probe();

        client.run(ctx -> assertThrows(CallTimeoutException.class,
                () -> GenServers.call(ctx, server, new Await(gate, "still handled"), SHORT)));
        gate.countDown();

        Object leaked = client.call(ctx -> {
            assertEquals(List.of("still handled"), GenServers.call(ctx, server, new Get(), WAIT));
            return ctx.receive(Duration.ZERO).orElse(null); // the late "ok" was sent before the Get's reply
        });
        assertNull(leaked);
    }

    @Test
    void call_returns_leavesNoMonitorAliasOrMessageBehind() {
        Pid server = recorder();
        Probe client = agner.probe();

        ProcessInfo after = client.call(ctx -> {
            GenServers.call(ctx, server, "one", WAIT);
            assertThrows(CallException.class, () -> GenServers.call(ctx, server, new Crash("two"), WAIT));
            return ctx.info();
        });

        assertEquals(0, after.mailboxLength());
        assertTrue(after.monitors().isEmpty(), "monitors left: " + after.monitors());
    }

    @Test
    void cast_callbackThrows_crashesServer() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()));
        observer.run(ctx -> ctx.monitor(server));

        GenServers.cast(agner.node(), server, new Crash("cast crash"));

        Recorder.Terminated t = observer.next(Recorder.Terminated.class);
        assertEquals("cast crash", assertInstanceOf(ExitReason.Error.class, t.reason()).cause().getMessage());
        assertEquals(t.reason(), observer.next(io.agner.runtime.Signal.Down.class).reason());
    }

    @Test
    void call_toSelf_failsAtOnceWithCallingSelf() {
        Probe client = agner.probe();

        CallException e = client.call(ctx ->
                assertThrows(CallException.class, () -> GenServers.call(ctx, ctx.self(), "me?", WAIT)));

        assertEquals(ExitReason.of("calling_self"), e.reason());
        assertFalse(e instanceof CallTimeoutException, "it must not wait for a reply that cannot come");
    }

    @Test
    void reply_fromPlainThread_answersTheHeldCall() {
        Pid server = GenServers.start(agner.node(), new Holder());
        Probe observer = agner.probe();
        Pid caller = agner.node().spawn(ctx -> ctx.send(observer.pid(), GenServers.call(ctx, server, "hold", WAIT)));
        await().until(() -> Sys.getState(agner.node(), server, WAIT) != null);
        From from = (From) Sys.getState(agner.node(), server, WAIT);

        GenServers.reply(from, "from the test thread");

        assertEquals(caller, from.pid());
        assertEquals("from the test thread", observer.next());
    }

    @Test
    void reply_twice_secondIsDropped() {
        Pid server = GenServers.start(agner.node(), new Holder());
        Probe client = agner.probe();

        Object leftover = client.call(ctx -> {
            assertEquals("first", GenServers.call(ctx, server, "twice", WAIT));
            Sys.getState(ctx, server, WAIT); // its reply comes after "second", had that been delivered
            return ctx.receive(Duration.ZERO).orElse(null);
        });

        assertNull(leftover);
    }
}
