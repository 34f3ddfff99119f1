package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.testkit.NodeExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One default for a call without a timeout, for both behaviours: {@link GenServers#DEFAULT_TIMEOUT}
 * (gen_server:call/2's 5 s; gen_statem:call/2 would wait without limit). On a manual clock: the
 * call gives up exactly when the test moves the clock past the default, never before.
 */
class DefaultCallTimeoutTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    /** A state machine that never answers a call. */
    record Silent() implements StateMachine<String, String> {
        @Override
        public Next<String, String> init(ProcessContext ctx) {
            return StateMachine.next("waiting", "");
        }

        @Override
        public Result<String, String> handleEvent(ProcessContext ctx, EventType type, Object event, String state, String data) {
            return StateMachine.next(state, data);
        }
    }

    @Test
    void stateMachineCall_withoutTimeout_givesUpAfterTheGenServerDefault() throws Exception {
        Pid machine = StateMachines.start(agner.node(), new Silent());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                GenServers.call(agner.node(), machine, "hello?");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        await().until(() -> agner.clock().pending() == 1); // the call waits, with its timeout set

        agner.clock().advance(GenServers.DEFAULT_TIMEOUT.minusMillis(1));
        assertTrue(agner.node().info(machine).isPresent() && !outcome.isDone(), "still waiting just before the default");
        agner.clock().advance(Duration.ofMillis(1));

        Throwable t = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(t instanceof CallTimeoutException, String.valueOf(t));
        assertEquals(CallTimeoutException.TIMEOUT, ((CallTimeoutException) t).reason());
        assertTrue(t.getMessage().contains("no reply within " + GenServers.DEFAULT_TIMEOUT), t.getMessage());
    }
}
