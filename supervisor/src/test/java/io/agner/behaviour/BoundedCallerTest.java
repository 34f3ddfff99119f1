package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Alias;
import io.agner.runtime.Overflow;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.SpawnOptions;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A caller's bounded mailbox never costs it the answer it waits for: a call's reply and a start's
 * acknowledgement reach it even when the mailbox is full, as exit and down signals do, whatever
 * the overflow policy. And a start never waits forever for an init that does not answer.
 */
class BoundedCallerTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final class Echo implements GenServer<Integer> {
        @Override
        public Integer init(ProcessContext ctx) {
            return 0;
        }

        @Override
        public Result<Integer> handleCall(ProcessContext ctx, Object request, From from, Integer state) {
            return GenServer.reply(request, state);
        }
    }

    /** A process whose mailbox holds one message; {@link #fill} it before the request. */
    private Probe boundedCaller(Overflow overflow) {
        return agner.probe(SpawnOptions.DEFAULT.withMailbox(1, overflow));
    }

    private static void fill(ProcessContext ctx) {
        ctx.send(ctx.self(), "fills the mailbox");
        assertEquals(1, ctx.info().mailboxLength());
    }

    @ParameterizedTest
    @EnumSource(Overflow.class)
    void call_fromAFullBoundedMailbox_getsTheReply(Overflow overflow) {
        Pid echo = GenServers.start(agner.node(), new Echo());
        Probe caller = boundedCaller(overflow);

        Object reply = caller.call(ctx -> {
            fill(ctx);
            return GenServers.call(ctx, echo, "hello", GenServers.DEFAULT_TIMEOUT);
        });

        assertEquals("hello", reply);
        assertEquals(0, agner.node().info(caller.pid()).orElseThrow().messagesDropped());
    }

    @ParameterizedTest
    @EnumSource(Overflow.class)
    void start_fromAFullBoundedMailbox_getsTheAck(Overflow overflow) {
        Probe starter = boundedCaller(overflow);

        Pid server = starter.call(ctx -> {
            fill(ctx);
            return GenServers.start(ctx, new Echo());
        });

        assertEquals("started", GenServers.call(agner.node(), server, "started"));
        assertTrue(agner.node().isAlive(starter.pid()));
    }

    /**
     * OTP's {@code proc_lib:start_link} with a timeout: an init that has not answered in time is
     * unlinked and killed, and the start fails with {@code timeout}; the starter lives on, with
     * no exit and no late ack in its mailbox.
     */
    @Test
    void startLink_initThatNeverAnswers_failsWithTimeout_andTheProcessIsKilled() {
        GenServer<Object> stuck = ctx -> ctx.receive(m -> false);
        Probe starter = agner.probe();
        AtomicReference<Pid> spawned = new AtomicReference<>();

        StartException e = assertThrows(StartException.class, () -> starter.call(ctx -> {
            Alias ack = ctx.alias();
            Pid pid = ctx.spawn(new GenServerLoop<>(stuck, ctx.self(), ack), SpawnOptions.DEFAULT.withLink(true));
            spawned.set(pid);
            return GenServers.awaitStarted(ctx, pid, ack, "stuck server", Duration.ofMillis(200));
        }));

        assertEquals(CallTimeoutException.TIMEOUT, e.reason());
        await().until(() -> agner.node().info(spawned.get()).isEmpty());
        assertEquals(Set.of(), agner.node().info(starter.pid()).orElseThrow().links());
        assertEquals(List.of(), starter.drain());
        assertTrue(agner.node().isAlive(starter.pid()));
    }
}
