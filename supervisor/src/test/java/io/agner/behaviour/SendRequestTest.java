package io.agner.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Recorder.Await;
import io.agner.behaviour.Recorder.Crash;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ServerRef;
import io.agner.testkit.NodeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gen_server:send_request, receive_response, check_response and request id collections. */
class SendRequestTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final Duration WAIT = Duration.ofSeconds(5);

    private Pid recorder() {
        return GenServers.start(agner.node(), Recorder.unobserved());
    }

    @Test
    void sendRequest_thenReceiveResponse_returnsTheReply() {
        Pid server = recorder();
        Object reply = agner.node().asProcess(ctx -> {
            RequestId<Object> id = GenServers.sendRequest(ctx, server, "hello");
            return GenServers.receiveResponse(ctx, id, WAIT);
        });
        assertEquals("hello", reply);
    }

    @Test
    void manyRequests_inFlightAtOnce_eachAnsweredByItsOwnReply() {
        Pid server = recorder();
        List<Object> replies = agner.node().asProcess(ctx -> {
            List<RequestId<Object>> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add(GenServers.sendRequest(ctx, server, i));
            }
            List<Object> out = new ArrayList<>();
            for (int i = 99; i >= 0; i--) {                  // taken out of order: each finds its own
                out.add(GenServers.receiveResponse(ctx, ids.get(i), WAIT));
            }
            assertTrue(ctx.receive(Duration.ZERO).isEmpty(), "nothing of the requests is left in the mailbox");
            return out;
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(99 - i, replies.get(i));
        }
    }

    @Test
    void check_onAnotherMessage_isEmpty_andOnTheReply_takesIt() {
        Pid server = recorder();
        agner.node().asProcess(ctx -> {
            ctx.send(ctx.self(), "unrelated");
            RequestId<Object> id = GenServers.sendRequest(ctx, server, "x");
            Object first = ctx.receive(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(Optional.empty(), id.check(ctx, first));
            Object second = ctx.receive(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(Optional.of("x"), id.check(ctx, second));
            return null;
        });
    }

    @Test
    void requestToADeadServer_failsWithNoproc_whenTaken() {
        Pid server = recorder();
        GenServers.stop(agner.node(), server, ExitReason.NORMAL, WAIT);
        CallException e = agner.node().asProcess(ctx -> {
            RequestId<Object> id = GenServers.sendRequest(ctx, server, "hello");
            return assertThrows(CallException.class, () -> GenServers.receiveResponse(ctx, id, WAIT));
        });
        assertEquals(ExitReason.NOPROC, e.reason());
    }

    @Test
    void requestToAnUnknownName_failsWithNoproc_whenTaken() {
        CallException e = agner.node().asProcess(ctx -> {
            RequestId<Object> id = GenServers.sendRequest(ctx, ServerRef.named("nobody"), "hello");
            return assertThrows(CallException.class, () -> GenServers.receiveResponse(ctx, id, WAIT));
        });
        assertEquals(ExitReason.NOPROC, e.reason());
    }

    @Test
    void serverCrashingOnTheRequest_failsItWithTheCrash() {
        Pid server = recorder();
        CallException e = agner.node().asProcess(ctx -> {
            RequestId<Object> id = GenServers.sendRequest(ctx, server, new Crash("boom"));
            return assertThrows(CallException.class, () -> GenServers.receiveResponse(ctx, id, WAIT));
        });
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("boom", e.getCause().getMessage());
    }

    @Test
    void timedOut_isAbandoned_andItsLateReplyNeverArrives() {
        Pid server = recorder();
        CountDownLatch gate = new CountDownLatch(1);
        agner.node().asProcess(ctx -> {
            RequestId<Object> id = GenServers.sendRequest(ctx, server, new Await(gate, "late"));
            assertThrows(CallTimeoutException.class, () -> GenServers.receiveResponse(ctx, id, Duration.ofMillis(20)));
            gate.countDown();
            GenServers.call(ctx, server, "sync");                    // the late reply was sent before this one
            assertTrue(ctx.receive(Duration.ZERO).isEmpty(), "the late reply was dropped");
            return null;
        });
    }

    @Test
    void requestIds_matchEachAnswerToItsLabel_whateverTheOrder() {
        Pid good = recorder();
        Pid crashing = recorder();
        List<RequestIds.Answer<String>> answers = agner.node().asProcess(ctx -> {
            RequestIds<String> ids = new RequestIds<>();
            ids.add(GenServers.sendRequest(ctx, good, "a"), "first");
            ids.add(GenServers.sendRequest(ctx, crashing, new Crash("no")), "second");
            ids.add(GenServers.sendRequest(ctx, good, "c"), "third");
            ctx.send(ctx.self(), "other");
            List<RequestIds.Answer<String>> out = new ArrayList<>();
            while (!ids.isEmpty()) {
                Object m = ctx.receive(WAIT).orElseThrow();
                ids.check(ctx, m).ifPresentOrElse(out::add, () -> assertEquals("other", m));
            }
            return out;
        });
        assertEquals(3, answers.size());
        for (RequestIds.Answer<String> a : answers) {
            switch (a.label()) {
                case "first" -> assertEquals("a", a.get());
                case "third" -> assertEquals("c", a.get());
                case "second" -> {
                    assertNull(a.value());
                    CallException e = assertThrows(CallException.class, a::get);
                    assertEquals("no", e.getCause().getMessage());
                }
                default -> throw new AssertionError(a);
            }
        }
    }

    @Test
    void requestIds_abandonAll_leavesNothingBehind() {
        Pid server = recorder();
        CountDownLatch gate = new CountDownLatch(1);
        agner.node().asProcess(ctx -> {
            RequestIds<Integer> ids = new RequestIds<>();
            ids.add(GenServers.sendRequest(ctx, server, new Await(gate, 1)), 1);
            ids.add(GenServers.sendRequest(ctx, server, 2), 2);
            ids.abandonAll(ctx);
            assertTrue(ids.isEmpty());
            gate.countDown();
            GenServers.call(ctx, server, "sync");
            assertFalse(ctx.receive(Duration.ZERO).isPresent(), "no answer of an abandoned request arrives");
            return null;
        });
    }
}
