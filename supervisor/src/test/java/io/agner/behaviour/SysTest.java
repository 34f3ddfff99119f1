package io.agner.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Recorder.Get;
import io.agner.runtime.Alias;
import io.agner.runtime.Caller;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Overflow;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.SpawnOptions;
import io.agner.runtime.Trace;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OTP's sys on a gen_server: suspend, resume, get and replace state, and the two rounds of an upgrade. */
class SysTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(100);

    /** The next version of {@link Recorder}: answers Get with its own state, built by codeChange. */
    record V2(boolean failUpgrade) implements GenServer<V2.State> {
        record State(Object oldVersion, Object oldState, Object extra) {}

        @Override
        public State init(ProcessContext ctx) {
            return new State(null, null, null);
        }

        @Override
        public Result<State> handleCall(ProcessContext ctx, Object request, From from, State state) {
            return GenServer.reply(state, state);
        }

        @Override
        public State codeChange(Object oldVersion, Object oldState, Object extra) {
            if (failUpgrade) {
                throw new IllegalArgumentException("cannot convert " + oldState);
            }
            return new State(oldVersion, oldState, extra);
        }
    }

    private Pid recorderWith(Object... cast) {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved());
        for (Object c : cast) {
            GenServers.cast(agner.node(), server, c);
        }
        return server;
    }

    @Test
    void getState_returnsCurrentState() {
        Pid server = recorderWith("a", "b");

        assertEquals(List.of("a", "b"), Sys.getState(agner.node(), server, WAIT));
    }

    @Test
    void suspend_queuesCastsAndCallsInOrder_servedAfterResume() {
        Pid server = recorderWith("before");
        Sys.suspend(agner.node(), server, WAIT);

        GenServers.cast(agner.node(), server, "a");
        assertThrows(CallTimeoutException.class, () -> GenServers.call(agner.node(), server, new Get(), SHORT));
        GenServers.cast(agner.node(), server, "b");
        assertEquals(List.of("before"), Sys.getState(agner.node(), server, WAIT), "system messages are served while suspended");

        Sys.resume(agner.node(), server, WAIT);

        assertEquals(List.of("before", "a", "b"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void resume_notSuspended_isHarmless() {
        Pid server = recorderWith("x");

        Sys.resume(agner.node(), server, WAIT);

        assertEquals(List.of("x"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void replaceState_replacesAndReturnsNewState() {
        Pid server = recorderWith("old");

        Object returned = Sys.replaceState(agner.node(), server, s -> List.of("new"), WAIT);

        assertEquals(List.of("new"), returned);
        assertEquals(List.of("new"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void replaceState_functionThrows_leavesStateAndRethrows() {
        Pid server = recorderWith("kept");
        IllegalStateException thrown = new IllegalStateException("no");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Sys.replaceState(agner.node(), server, s -> { throw thrown; }, WAIT));

        assertSame(thrown, e);
        assertEquals(List.of("kept"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void replaceState_functionThrowsError_leavesServerAndStateAndRethrows() {
        Pid server = recorderWith("kept");

        AssertionError e = assertThrows(AssertionError.class,
                () -> Sys.replaceState(agner.node(), server, s -> { throw new AssertionError("bad fun"); }, WAIT));

        assertEquals("bad fun", e.getMessage());
        assertEquals(List.of("kept"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    /** Phase one, then the new code's own codeChange on the handed-over state, then the commit: a code server's upgrade. */
    private static Object upgrade(Caller caller, Pid server, V2 next, Object oldVersion, Object extra) throws Exception {
        Answer prepared = Sys.prepareUpgrade(caller, List.of(server), WAIT).get(server);
        if (!(prepared instanceof Answer.Value(Object oldState, long at))) {
            throw new AssertionError(prepared);
        }
        Object newState = next.codeChange(oldVersion, oldState, extra);
        return Sys.commitUpgrade(caller, Map.of(server, new Sys.NewCode(next, newState)), "recorder@2", WAIT).get(server);
    }

    @Test
    void commitUpgrade_withoutPrepare_raisesIllegalStateAndChangesNothing() {
        Pid server = recorderWith("v1");

        Answer a = Sys.commitUpgrade(agner.node(), Map.of(server, new Sys.NewCode(new V2(false), List.of("x"))), "2", WAIT).get(server);

        assertTrue(a instanceof Answer.Raised(IllegalStateException e), String.valueOf(a));
        assertEquals(List.of("v1"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void prepareThenCommit_handsOverTheStateThenSwapsCodeStateAndLabel() throws Exception {
        Pid server = recorderWith("v1 state");

        Answer prepared = Sys.prepareUpgrade(agner.node(), List.of(server), WAIT).get(server);
        Object committed = upgrade(agner.node(), server, new V2(false), "1.0", "extra");

        assertTrue(prepared instanceof Answer.Value(Object state, long at) && state.equals(List.of("v1 state")), String.valueOf(prepared));
        assertTrue(committed instanceof Answer.Value, String.valueOf(committed));
        assertEquals(new V2.State("1.0", List.of("v1 state"), "extra"), GenServers.call(agner.node(), server, "anything", WAIT));
        assertEquals("recorder@2", agner.node().info(server).orElseThrow().moduleVersion().orElseThrow());
    }

    @Test
    void prepare_suspends_messagesWaitInOrderUntilTheCommit() {
        Pid server = recorderWith();
        Sys.prepareUpgrade(agner.node(), List.of(server), WAIT);

        GenServers.cast(agner.node(), server, "a");
        GenServers.cast(agner.node(), server, "b");
        assertEquals(List.of(), Sys.getState(agner.node(), server, WAIT), "suspended: the casts wait");

        Sys.commitUpgrade(agner.node(), Map.of(server, new Sys.NewCode(Recorder.unobserved(), List.of())), "recorder@1b", WAIT);
        assertEquals(List.of("a", "b"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void prepareThenAbort_resumesOnOldCodeAndState() {
        Pid server = recorderWith("v1 state");

        Sys.prepareUpgrade(agner.node(), List.of(server), WAIT);
        GenServers.cast(agner.node(), server, "queued");
        Sys.abortUpgrade(agner.node(), List.of(server), WAIT);

        assertEquals("echo", GenServers.call(agner.node(), server, "echo", WAIT), "still the old code");
        assertEquals(List.of("v1 state", "queued"), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void commit_notAGenServer_raisesIllegalArgument_staysPrepared_abortResumesOldCode() {
        Pid server = recorderWith();
        Sys.prepareUpgrade(agner.node(), List.of(server), WAIT);

        Answer a = Sys.commitUpgrade(agner.node(), Map.of(server, new Sys.NewCode("not code", List.of())), "2", WAIT).get(server);
        Sys.abortUpgrade(agner.node(), List.of(server), WAIT);

        assertTrue(a instanceof Answer.Raised(IllegalArgumentException e), String.valueOf(a));
        assertEquals(List.of(), GenServers.call(agner.node(), server, new Get(), WAIT));
    }

    @Test
    void prepareUpgrade_deadTarget_answersExitedNoproc_othersStillPrepare() {
        Pid dead = recorderWith();
        Pid live = recorderWith("x");
        GenServers.stop(agner.node(), dead, ExitReason.NORMAL, WAIT);

        Map<Pid, Answer> answers = Sys.prepareUpgrade(agner.node(), List.of(dead, live), WAIT);
        Sys.abortUpgrade(agner.node(), List.of(live), WAIT);

        assertEquals(new Answer.Exited(ExitReason.NOPROC), answers.get(dead));
        assertTrue(answers.get(live) instanceof Answer.Value(Object state, long at) && state.equals(List.of("x")), String.valueOf(answers.get(live)));
        assertEquals(List.of(dead, live), List.copyOf(answers.keySet()), "in the order asked");
    }

    @Test
    void sys_fromProcess_suspendsUpgradesAndResumes() {
        Pid server = recorderWith("p");
        Probe operator = agner.probe();

        Object upgraded = operator.call(ctx -> {
            Sys.suspend(ctx, server, WAIT);
            Sys.replaceState(ctx, server, s -> Recorder.append(List.<Object>copyOf((List<?>) s), "q"), WAIT);
            Sys.resume(ctx, server, WAIT);
            try {
                upgrade(ctx, server, new V2(false), "1.0", null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return Sys.getState(ctx, server, WAIT);
        });

        assertEquals(new V2.State("1.0", List.of("p", "q"), null), upgraded);
        assertEquals(0, agner.node().info(operator.pid()).map(ProcessInfo::mailboxLength).orElseThrow());
    }

    @Test
    void sys_deadTarget_throwsNoproc() {
        Pid server = recorderWith();
        GenServers.stop(agner.node(), server, ExitReason.NORMAL, WAIT);

        CallException e = assertThrows(CallException.class, () -> Sys.getState(agner.node(), server, WAIT));
        assertEquals(ExitReason.NOPROC, e.reason());
        assertThrows(CallException.class, () -> Sys.suspend(agner.node(), ServerRef.named("nobody"), WAIT));
    }

    @Test
    void stop_whileSuspended_runsTerminate() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()));
        Sys.suspend(agner.node(), server, WAIT);

        GenServers.stop(agner.node(), server, ExitReason.SHUTDOWN, WAIT);

        assertEquals(ExitReason.SHUTDOWN, observer.next(Recorder.Terminated.class).reason());
    }

    @Test
    void systemMessages_boundedMailboxFull_stillServed() {
        // GenServers offers no mailbox bound, so start the loop the way GenServers.start does.
        Probe starter = agner.probe();
        Pid server = starter.call(ctx -> {
            Alias ack = ctx.alias();
            Pid pid = ctx.spawn(new GenServerLoop<>(Recorder.unobserved(), null, ack),
                    SpawnOptions.DEFAULT.withMailbox(2, Overflow.DROP_NEWEST));
            return GenServers.awaitStarted(ctx, pid, ack, "bounded recorder");
        });
        Sys.suspend(agner.node(), server, WAIT);
        for (int i = 0; i < 5; i++) {
            GenServers.cast(agner.node(), server, i);
        }
        ProcessInfo full = agner.node().info(server).orElseThrow();
        assertEquals(3, full.messagesDropped(), "the mailbox must really be full");

        assertEquals(List.of(), Sys.getState(agner.node(), server, WAIT));
        Sys.resume(agner.node(), server, WAIT);

        assertEquals(List.of(0, 1), Sys.getState(agner.node(), server, WAIT));
    }

    @Test
    void trace_onAName_sendsTheCallerTheServersMessagesInAndOut_untilTurnedOff() {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved(), "traced_recorder");
        Probe tracer = agner.probe();
        tracer.run(ctx -> Sys.trace(ctx, ServerRef.named("traced_recorder"), true));

        GenServers.cast(agner.node(), server, "a");
        Object state = GenServers.call(agner.node(), server, new Get(), WAIT);

        assertEquals(new Protocol.Cast("a"), assertInstanceOf(Trace.Receive.class, tracer.next()).message());
        assertInstanceOf(Protocol.Call.class, assertInstanceOf(Trace.Receive.class, tracer.next()).message());
        Trace.Send reply = assertInstanceOf(Trace.Send.class, tracer.next());
        assertEquals(server, reply.pid());
        assertEquals(state, assertInstanceOf(Protocol.Reply.class, reply.message()).value());

        tracer.run(ctx -> Sys.trace(ctx, server, false));
        assertEquals("untraced", assertInstanceOf(Trace.Stopped.class, tracer.next()).reason());
        assertThrows(CallException.class, () -> tracer.run(ctx -> Sys.trace(ctx, ServerRef.named("nobody"), true)));
    }
}
