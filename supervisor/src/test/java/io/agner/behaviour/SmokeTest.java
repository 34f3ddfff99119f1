package io.agner.behaviour;

import static io.agner.testkit.Await.await;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.agner.runtime.ProcessContext;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.NodeExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Add(int n) {}

    record Get() {}

    static final class Counter implements GenServer<Integer> {
        @Override
        public Integer init(ProcessContext ctx) {
            return 0;
        }

        @Override
        public Result<Integer> handleCall(ProcessContext ctx, Object request, From from, Integer n) {
            return switch (request) {
                case Get g -> GenServer.reply(n, n);
                case String s when s.equals("crash") -> throw new IllegalStateException("asked to crash");
                default -> GenServer.reply("?", n);
            };
        }

        @Override
        public Result<Integer> handleCast(ProcessContext ctx, Object request, Integer n) {
            return request instanceof Add(int k) ? GenServer.noReply(n + k) : GenServer.noReply(n);
        }
    }

    @Test
    void counter_castThenCall() {
        Pid c = GenServers.start(agner.node(), new Counter(), "counter");
        GenServers.cast(agner.node(), ServerRef.named("counter"), new Add(5));
        assertEquals(5, GenServers.call(agner.node(), c, new Get(), Duration.ofSeconds(5)));
    }

    @Test
    void supervisor_restartsCrashedChild() {
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of(
                ChildSpec.worker("counter", (s, args) -> GenServers.startLink(s, new Counter(), "counter"))));
        Pid first = agner.node().whereis("counter").orElseThrow();
        try {
            GenServers.call(agner.node(), ServerRef.named("counter"), "crash", Duration.ofSeconds(5));
        } catch (CallException expected) {
            // the crash
        }
        await().until(() -> agner.node().whereis("counter").filter(p -> !p.equals(first)).isPresent());
        assertNotEquals(first, agner.node().whereis("counter").orElseThrow());
        assertEquals(0, GenServers.call(agner.node(), ServerRef.named("counter"), new Get(), Duration.ofSeconds(5)));
        assertEquals(1, Supervisor.countChildren(agner.node(), sup).active());
    }
}
