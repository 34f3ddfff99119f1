package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gen_server's {@code {continue, C}}: from init ({@code {ok, S, {continue, C}}}), a reply and a
 * noreply, {@code handle_continue} runs before any message is taken, even one already waiting.
 */
class GenServerContinueTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Waits for the gate in handleContinue, so messages can queue up meanwhile. */
    record Gated(CountDownLatch gate) {}

    /** Waits for the gate, then replies and continues. */
    record ReplyThenContinue(CountDownLatch gate, Object continuation) {}

    /** Counts down from n through continues, then stops with reason "done". */
    record Countdown(int n) {}

    /**
     * Its state is a log; init may continue with {@code initContinue}; every continue is logged
     * as {@code "continued " + c}; it tells {@code observer} each callback and its terminate.
     */
    record Logger(Pid observer, Object initContinue) implements GenServer<List<Object>> {
        @Override
        public List<Object> init(ProcessContext ctx) {
            return List.of("init");
        }

        @Override
        public Init<List<Object>> start(ProcessContext ctx) {
            Ok<List<Object>> ok = GenServer.ok(init(ctx));
            return initContinue == null ? ok : ok.withContinue(initContinue);
        }

        @Override
        public Result<List<Object>> handleContinue(ProcessContext ctx, Object continuation, List<Object> log) throws Exception {
            ctx.send(observer, "handleContinue " + continuation);
            List<Object> next = Recorder.append(log, "continued " + continuation);
            return switch (continuation) {
                case Gated(CountDownLatch gate) -> {
                    gate.await();
                    yield GenServer.noReply(next);
                }
                case Countdown(int n) when n == 0 -> GenServer.stop(ExitReason.of("done"), next);
                case Countdown(int n) -> GenServer.noReply(next).withContinue(new Countdown(n - 1));
                default -> GenServer.noReply(next);
            };
        }

        @Override
        public Result<List<Object>> handleCall(ProcessContext ctx, Object request, From from, List<Object> log) throws Exception {
            return switch (request) {
                case ReplyThenContinue(CountDownLatch gate, Object c) -> {
                    ctx.send(observer, "handleCall");
                    gate.await();
                    yield GenServer.reply("replied", Recorder.append(log, "call")).withContinue(c);
                }
                default -> GenServer.reply(log, log);
            };
        }

        @Override
        public Result<List<Object>> handleCast(ProcessContext ctx, Object request, List<Object> log) {
            ctx.send(observer, "handleCast " + request);
            return request instanceof Countdown c
                    ? GenServer.noReply(Recorder.append(log, request)).withContinue(c)
                    : GenServer.noReply(Recorder.append(log, request));
        }

        @Override
        public void terminate(ProcessContext ctx, ExitReason reason, List<Object> log) {
            ctx.send(observer, new Recorder.Terminated(reason, log));
        }
    }

    @Test
    void initContinue_runsAfterTheStarterReturned_beforeMessagesAlreadyWaiting() {
        Probe observer = agner.probe();
        CountDownLatch gate = new CountDownLatch(1);
        Object loaded = "continued " + new Gated(gate);

        // handleContinue waits for the gate: start returns first, or this times out.
        Pid server = assertTimeoutPreemptively(WAIT, () -> GenServers.start(agner.node(), new Logger(observer.pid(), new Gated(gate))));
        assertEquals("handleContinue " + new Gated(gate), observer.next());
        CompletableFuture<Object> seen = CompletableFuture.supplyAsync(() -> Sys.getState(agner.node(), server, WAIT));
        await().until(() -> mailbox(server) == 1);
        GenServers.cast(agner.node(), server, "waiting");
        await().until(() -> mailbox(server) == 2);
        gate.countDown();

        assertEquals(List.of("init", loaded), seen.join(), "a system message already waiting comes after the continue");
        assertEquals(List.of("init", loaded, "waiting"), GenServers.call(agner.node(), server, "log", WAIT));
    }

    private int mailbox(Pid pid) {
        return agner.node().info(pid).orElseThrow().mailboxLength();
    }

    @Test
    void replyWithContinue_answersFirst_thenContinuesBeforeMessagesAlreadyWaiting() throws Exception {
        Probe observer = agner.probe();
        CountDownLatch gate = new CountDownLatch(1);
        Pid server = GenServers.start(agner.node(), new Logger(observer.pid(), null));

        CompletableFuture<Object> reply = CompletableFuture.supplyAsync(
                () -> GenServers.call(agner.node(), server, new ReplyThenContinue(gate, "after the reply"), WAIT));
        assertEquals("handleCall", observer.next());
        GenServers.cast(agner.node(), server, "waiting"); // queued while the call is handled
        gate.countDown();

        assertEquals("replied", reply.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of("init", "call", "continued after the reply", "waiting"), GenServers.call(agner.node(), server, "log", WAIT));
        assertEquals(List.of("handleContinue after the reply", "handleCast waiting"), observer.drain());
    }

    @Test
    void continueMayContinueAgain_thenStop_runsTerminateWithTheLatestState() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Logger(observer.pid(), null));
        observer.run(ctx -> ctx.monitor(server));

        GenServers.cast(agner.node(), server, new Countdown(2));

        assertEquals("handleCast " + new Countdown(2), observer.next());
        assertEquals("handleContinue " + new Countdown(2), observer.next());
        assertEquals("handleContinue " + new Countdown(1), observer.next());
        assertEquals("handleContinue " + new Countdown(0), observer.next());
        Recorder.Terminated terminated = observer.next(Recorder.Terminated.class);
        assertEquals(ExitReason.of("done"), terminated.reason());
        assertEquals(List.of("init", new Countdown(2), "continued " + new Countdown(2), "continued " + new Countdown(1),
                "continued " + new Countdown(0)), terminated.state());
        assertEquals(ExitReason.of("done"), observer.next(Signal.Down.class).reason());
    }

    /** Continues, but has no handleContinue. */
    record NoHandler() implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            return "state";
        }

        @Override
        public Result<String> handleCall(ProcessContext ctx, Object request, From from, String state) {
            return GenServer.reply("ok", state).withContinue("next");
        }
    }

    @Test
    void continueWithoutHandleContinue_crashesTheServer() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new NoHandler());
        observer.run(ctx -> ctx.monitor(server));

        assertEquals("ok", GenServers.call(agner.node(), server, "go", WAIT));

        ExitReason reason = observer.next(Signal.Down.class).reason();
        assertInstanceOf(UnsupportedOperationException.class, assertInstanceOf(ExitReason.Error.class, reason).cause());
    }

    @Test
    void withContinue_refusesNull() {
        assertThrows(NullPointerException.class, () -> GenServer.noReply("state").withContinue(null));
    }
}
