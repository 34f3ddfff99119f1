package io.agner.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Calls from plain threads while their node closes: each one returns or fails; none hangs. */
class OutsideCallerTest {

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

    @Test
    void callsFromPlainThreads_whileTheNodeCloses_allFinish() throws Exception {
        for (int round = 0; round < 20; round++) {
            Node node = Node.start();
            Pid echo = GenServers.start(node, new Echo());
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            assertEquals("hi", GenServers.call(node, echo, "hi", Duration.ofSeconds(5)));
                        }
                    } catch (RuntimeException nodeGone) {
                        // CallException, or IllegalStateException once the node is closing: both are answers
                    }
                }));
            }
            node.close();
            for (Thread t : callers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!t.isAlive(), "a caller outside any process hung while its node closed (round " + round + ")");
            }
        }
    }
}
