package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Recorder.Crash;
import io.agner.behaviour.Recorder.Info;
import io.agner.behaviour.Recorder.StopWith;
import io.agner.behaviour.Recorder.Terminated;
import io.agner.runtime.ExitException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.NameTakenException;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gen_server's start handshake and when terminate does, and does not, run. */
class GenServerLifecycleTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Tells {@code observer} its pid, then fails init by throwing or, given a reason, by exiting; tells of any terminate. */
    record FailingInit(Pid observer, ExitReason exitWith) implements GenServer<Object> {
        @Override
        public Object init(ProcessContext ctx) {
            ctx.send(observer, ctx.self());
            if (exitWith != null) {
                ctx.exit(exitWith);
            }
            throw new IllegalArgumentException("bad config");
        }

        @Override
        public void terminate(ProcessContext ctx, ExitReason reason, Object state) {
            ctx.send(observer, "terminate called");
        }
    }

    @Test
    void start_initThrows_throwsStartExceptionWithErrorAndProcessHasExited() {
        Probe observer = agner.probe();

        StartException e = assertThrows(StartException.class,
                () -> GenServers.start(agner.node(), new FailingInit(observer.pid(), null)));

        ExitReason.Error error = assertInstanceOf(ExitReason.Error.class, e.reason());
        assertEquals("bad config", error.cause().getMessage());
        assertEquals(error.cause(), e.getCause());
        Pid server = observer.next(Pid.class);
        assertFalse(agner.node().isAlive(server), "start returned, so the failed server must be gone");
    }

    @Test
    void start_initExits_throwsStartExceptionWithThatReason() {
        Probe observer = agner.probe();
        ExitReason reason = ExitReason.of("no database");

        StartException e = assertThrows(StartException.class,
                () -> GenServers.start(agner.node(), new FailingInit(observer.pid(), reason)));

        assertEquals(reason, e.reason());
        assertTrue(e.getMessage().contains("no database"), e.getMessage());
    }

    @Test
    void start_initFails_terminateIsNotCalled() {
        Probe observer = agner.probe();
        assertThrows(StartException.class, () -> GenServers.start(agner.node(), new FailingInit(observer.pid(), null)));
        Pid server = observer.next(Pid.class);
        await().until(() -> !agner.node().isAlive(server));

        observer.run(ctx -> ctx.send(ctx.self(), "marker")); // anything terminate sent would be ahead of it
        assertEquals("marker", observer.next());
    }

    @Test
    void startLink_initFailsInNonTrappingCaller_callerDiesWithSameReason() {
        Probe observer = agner.probe();
        Pid caller = observer.call(ctx -> ctx.spawnMonitor(parent -> {
            try {
                GenServers.startLink(parent, new FailingInit(observer.pid(), ExitReason.of("init failed")));
            } catch (StartException e) {
                parent.receive(); // the exit signal stops this wait
            }
        }).pid());

        Pid server = observer.next(Pid.class);
        Signal.Down down = observer.next(Signal.Down.class);
        assertEquals(caller, down.pid());
        assertEquals(ExitReason.of("init failed"), down.reason());
        assertFalse(agner.node().isAlive(server));
    }

    @Test
    void startLink_initFailsInTrappingCaller_throwsAndCallerGetsExit() {
        Probe observer = agner.probe();
        Probe caller = agner.probe(SpawnOptions.DEFAULT.withTrapExit(true));

        StartException e = assertThrows(StartException.class,
                () -> caller.call(ctx -> GenServers.startLink(ctx, new FailingInit(observer.pid(), null))));

        Pid server = observer.next(Pid.class);
        Signal.Exit exit = caller.next(Signal.Exit.class);
        assertEquals(server, exit.from());
        assertEquals(e.reason(), exit.reason());
        assertTrue(agner.node().isAlive(caller.pid()));
    }

    @Test
    void startLink_initExitsNormal_callerSurvivesWithStartException() {
        Probe observer = agner.probe();
        Probe caller = agner.probe();

        StartException e = assertThrows(StartException.class,
                () -> caller.call(ctx -> GenServers.startLink(ctx, new FailingInit(observer.pid(), ExitReason.NORMAL))));

        assertEquals(ExitReason.NORMAL, e.reason());
        assertEquals("still here", caller.call(ctx -> "still here"));
    }

    @Test
    void start_serverProcess_reportsBehaviourGenServer() {
        Pid server = GenServers.start(agner.node(), Recorder.unobserved());

        assertEquals("gen_server", agner.node().info(server).orElseThrow().behaviour().orElseThrow());
    }

    @Test
    void stopResult_runsTerminateWithStopReasonAndState() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()));
        observer.run(ctx -> ctx.monitor(server));
        GenServers.cast(agner.node(), server, "kept");

        GenServers.cast(agner.node(), server, new StopWith(ExitReason.SHUTDOWN, null));

        assertEquals(new Terminated(ExitReason.SHUTDOWN, List.of("kept")), observer.next(Terminated.class));
        assertEquals(ExitReason.SHUTDOWN, observer.next(Signal.Down.class).reason());
    }

    @Test
    void stopResultWithReply_answersCallerThenTerminates() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()));
        observer.run(ctx -> ctx.monitor(server));

        Object reply = GenServers.call(agner.node(), server, new StopWith(ExitReason.NORMAL, "bye"), WAIT);

        assertEquals("bye", reply);
        assertEquals(ExitReason.NORMAL, observer.next(Terminated.class).reason());
        assertEquals(ExitReason.NORMAL, observer.next(Signal.Down.class).reason());
    }

    @Test
    void callbackThrows_runsTerminateWithErrorThenExitsWithIt() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()));
        observer.run(ctx -> ctx.monitor(server));

        assertThrows(CallException.class, () -> GenServers.call(agner.node(), server, new Crash("oops"), WAIT));

        ExitReason reason = observer.next(Terminated.class).reason();
        assertEquals("oops", assertInstanceOf(ExitReason.Error.class, reason).cause().getMessage());
        assertEquals(reason, observer.next(Signal.Down.class).reason());
    }

    /** Starts a trapping Recorder linked to {@code parent}; returns it. */
    private Pid trappingChildOf(Probe parent, Probe observer) {
        Pid server = parent.call(ctx -> GenServers.startLink(ctx, Recorder.trappingExits(observer.pid())));
        observer.run(ctx -> ctx.monitor(server));
        return server;
    }

    @Test
    void parentExitsNormally_trappingServer_runsTerminateWithNormal() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        trappingChildOf(parent, observer);

        assertThrows(ExitException.class, () -> parent.run(ctx -> ctx.exit(ExitReason.NORMAL)));

        assertEquals(ExitReason.NORMAL, observer.next(Terminated.class).reason());
        assertEquals(ExitReason.NORMAL, observer.next(Signal.Down.class).reason());
    }

    @Test
    void parentExitsWithShutdown_trappingServer_runsTerminateWithShutdown() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        trappingChildOf(parent, observer);

        agner.node().exit(parent.pid(), ExitReason.SHUTDOWN);

        assertEquals(ExitReason.SHUTDOWN, observer.next(Terminated.class).reason());
        assertEquals(ExitReason.SHUTDOWN, observer.next(Signal.Down.class).reason());
    }

    @Test
    void parentExitsWhileSuspended_trappingServer_runsTerminate() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        Pid server = trappingChildOf(parent, observer);
        Sys.suspend(agner.node(), server, WAIT);

        agner.node().exit(parent.pid(), ExitReason.SHUTDOWN);

        assertEquals(ExitReason.SHUTDOWN, observer.next(Terminated.class).reason());
        assertEquals(ExitReason.SHUTDOWN, observer.next(Signal.Down.class).reason());
    }

    @Test
    void exitFromNonParent_trappingServer_arrivesAsHandleInfo() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        Pid server = trappingChildOf(parent, observer);

        Probe stranger = agner.probe();
        stranger.run(ctx -> ctx.exit(server, ExitReason.of("not your parent")));

        Info info = observer.next(Info.class);
        assertEquals(new Signal.Exit(stranger.pid(), ExitReason.of("not your parent")), info.message());
        assertEquals(List.of(), GenServers.call(agner.node(), server, new Recorder.Get(), WAIT));
    }

    @Test
    void exitFromTheNode_trappingServer_terminatesAsFromItsParent() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        Pid server = trappingChildOf(parent, observer);

        agner.node().exit(server, ExitReason.SHUTDOWN); // the node: every behaviour's parent (e.g. closing)

        assertEquals(ExitReason.SHUTDOWN, observer.next(Terminated.class).reason());
        assertEquals(ExitReason.SHUTDOWN, observer.next(Signal.Down.class).reason());
    }

    @Test
    void parentExitsNormally_nonTrappingServer_keepsRunning() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        Pid server = parent.call(ctx -> GenServers.startLink(ctx, Recorder.observedBy(observer.pid())));
        observer.run(ctx -> ctx.monitor(parent.pid()));

        assertThrows(ExitException.class, () -> parent.run(ctx -> ctx.exit(ExitReason.NORMAL)));
        observer.next(Signal.Down.class);

        assertEquals(List.of(), GenServers.call(agner.node(), server, new Recorder.Get(), WAIT));
    }

    @Test
    void kill_trappingServer_doesNotRunTerminate() {
        Probe parent = agner.probe();
        Probe observer = agner.probe();
        Pid server = trappingChildOf(parent, observer);

        agner.node().exit(server, ExitReason.KILL);

        // terminate's message would be queued ahead of the Down
        assertEquals(ExitReason.KILLED, observer.next(Signal.Down.class).reason());
    }

    @Test
    void abnormalSignal_nonTrappingServer_diesWithoutTerminate() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), Recorder.observedBy(observer.pid()));
        observer.run(ctx -> ctx.monitor(server));

        agner.node().exit(server, ExitReason.of("shot"));

        assertEquals(ExitReason.of("shot"), observer.next(Signal.Down.class).reason());
    }

    @Test
    void start_underATakenName_failsWithTheRunningServer_likeAlreadyStarted() {
        Pid first = GenServers.start(agner.node(), Recorder.unobserved(), "recorder");

        NameTakenException e = assertThrows(NameTakenException.class,
                () -> GenServers.start(agner.node(), Recorder.unobserved(), "recorder"));

        assertEquals(first, e.holder());
        assertEquals("recorder", e.name());
        assertEquals(List.of(), GenServers.call(agner.node(), ServerRef.named("recorder"), new Recorder.Get(), WAIT)); // the first one is untouched
    }
}
