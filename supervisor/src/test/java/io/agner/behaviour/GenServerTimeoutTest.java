package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gen_server's timeouts in results ({@code {ok, S, T}}, {@code {noreply, S, T}},
 * {@code {reply, R, S, T}}): {@code handle_info(timeout)} when no message came within T; any
 * message cancels it. On a manual clock: a timeout can only fire when the test advances it.
 */
class GenServerTimeoutTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TEN = Duration.ofSeconds(10);

    /** Cast: log it, then wait at most {@code timeout} for the next message. */
    record Arm(Duration timeout) {}

    /** Call: reply "armed", then wait at most {@code timeout}. */
    record ReplyArmed(Duration timeout) {}

    /**
     * Waits at most {@code initTimeout} after init; tells {@code observer} every message it
     * handles (the timeout included); any other message leaves it waiting without limit.
     */
    record Idler(Pid observer, Duration initTimeout) implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            return "idle";
        }

        @Override
        public Init<String> start(ProcessContext ctx) {
            return GenServer.ok(init(ctx)).withTimeout(initTimeout);
        }

        @Override
        public Result<String> handleCast(ProcessContext ctx, Object request, String state) {
            ctx.send(observer, request);
            return request instanceof Arm(Duration timeout) ? GenServer.noReply(state).withTimeout(timeout) : GenServer.noReply(state);
        }

        @Override
        public Result<String> handleCall(ProcessContext ctx, Object request, From from, String state) {
            ctx.send(observer, request);
            return request instanceof ReplyArmed(Duration timeout) ? GenServer.reply("armed", state).withTimeout(timeout) : GenServer.reply(state, state);
        }

        @Override
        public Result<String> handleInfo(ProcessContext ctx, Object message, String state) {
            ctx.send(observer, message);
            return GenServer.noReply(state);
        }
    }

    /** Waits until the server waits for its next message with a timeout, the clock's only timer. */
    private void awaitTimerSet() {
        await().until(() -> agner.clock().pending() == 1);
    }

    private void advance(Duration by) {
        agner.clock().advance(by);
    }

    @Test
    void initTimeout_handleInfoGetsTimeout_whenNoMessageCame() {
        Probe observer = agner.probe();
        GenServers.start(agner.node(), new Idler(observer.pid(), TEN));
        awaitTimerSet();

        advance(TEN.minusMillis(1));
        assertEquals(Optional.empty(), observer.poll());
        advance(Duration.ofMillis(1));

        assertEquals(GenServer.TIMEOUT, observer.next());
        await().until(() -> agner.clock().pending() == 0); // handleInfo's noReply waits without limit
        assertEquals(List.of(), observer.drain());
    }

    @Test
    void anyMessage_cancelsTheTimeout_andItsResultSetsTheNext() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Idler(observer.pid(), TEN));
        awaitTimerSet();
        advance(Duration.ofSeconds(6));

        GenServers.cast(agner.node(), server, new Arm(TEN)); // at 6 s: the timeout is now due at 16 s
        assertEquals(new Arm(TEN), observer.next());
        awaitTimerSet();
        advance(Duration.ofSeconds(4));
        assertEquals(Optional.empty(), observer.poll(), "10 s after init, but the cast cancelled that timeout");

        advance(Duration.ofSeconds(6));
        assertEquals(GenServer.TIMEOUT, observer.next());
    }

    @Test
    void aMessageWithoutTimeout_leavesTheServerWaitingWithoutLimit() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Idler(observer.pid(), TEN));
        awaitTimerSet();

        agner.node().send(server, "hello");
        assertEquals("hello", observer.next());
        await().until(() -> agner.clock().pending() == 0);
        advance(Duration.ofHours(1));

        assertEquals(List.of(), observer.drain());
    }

    @Test
    void replyWithTimeout_answers_thenTimesOut() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Idler(observer.pid(), Duration.ofDays(1)));
        awaitTimerSet();

        assertEquals("armed", GenServers.call(agner.node(), server, new ReplyArmed(TEN), WAIT));
        assertEquals(new ReplyArmed(TEN), observer.next());
        awaitTimerSet();
        advance(TEN);

        assertEquals(GenServer.TIMEOUT, observer.next());
    }

    @Test
    void zeroTimeout_aMessageAlreadyWaitingComesFirst_elseTimesOutAtOnce() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Idler(observer.pid(), Duration.ofDays(1)));
        Sys.suspend(agner.node(), server, WAIT);
        GenServers.cast(agner.node(), server, new Arm(Duration.ZERO));
        GenServers.cast(agner.node(), server, "waiting");
        Sys.resume(agner.node(), server, WAIT);

        assertEquals(new Arm(Duration.ZERO), observer.next());
        assertEquals("waiting", observer.next(), "OTP's after 0: a waiting message is taken, no timeout");

        GenServers.cast(agner.node(), server, new Arm(Duration.ZERO));
        assertEquals(new Arm(Duration.ZERO), observer.next());
        assertEquals(GenServer.TIMEOUT, observer.next(), "nothing waiting: the timeout, without the clock moving");
    }

    /** As OTP's gen_server: after a system message the loop waits again with the whole timeout. */
    @Test
    void systemMessage_startsTheWholeTimeoutAgain() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Idler(observer.pid(), TEN));
        awaitTimerSet();
        advance(Duration.ofSeconds(6));

        assertEquals("idle", Sys.getState(agner.node(), server, WAIT));
        awaitTimerSet();
        advance(Duration.ofSeconds(4));
        assertEquals(Optional.empty(), observer.poll(), "the system message restarted the 10 s");

        advance(Duration.ofSeconds(6));
        assertEquals(GenServer.TIMEOUT, observer.next());
        assertEquals(List.of(), observer.drain(), "sys messages never reach the callbacks");
    }

    @Test
    void suspended_doesNotTimeOut_untilResumedAndTheWholeTimeoutPassed() {
        Probe observer = agner.probe();
        Pid server = GenServers.start(agner.node(), new Idler(observer.pid(), TEN));
        awaitTimerSet();
        Sys.suspend(agner.node(), server, WAIT);
        await().until(() -> agner.clock().pending() == 0);
        advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), observer.poll());

        Sys.resume(agner.node(), server, WAIT);
        awaitTimerSet();
        advance(TEN);

        assertEquals(GenServer.TIMEOUT, observer.next());
    }

    @Test
    void withTimeout_refusesANegativeTime() {
        assertThrows(IllegalArgumentException.class, () -> GenServer.noReply("s").withTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> GenServer.reply("r", "s").withTimeout(null));
    }
}
