package io.agner.examples.counter;

import io.agner.behaviour.From;
import io.agner.runtime.ServerRef;
import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.ProcessContext;
import java.time.Duration;

/**
 * A counter server: the smallest useful {@link GenServer}. Casts change it, calls read it; the
 * state is an immutable {@code long} handed from callback to callback.
 *
 * <p>Run: {@code make build && java -cp examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.counter.Counter}
 */
public final class Counter implements GenServer<Long> {

    /** Add {@code n} (a cast: no answer). */
    public record Add(long n) {}

    /** Read the count (a call). */
    public record Get() {}

    @Override
    public Long init(ProcessContext ctx) {
        return 0L;
    }

    @Override
    public Result<Long> handleCast(ProcessContext ctx, Object request, Long count) {
        return request instanceof Add(long n) ? GenServer.noReply(count + n) : GenServer.noReply(count);
    }

    @Override
    public Result<Long> handleCall(ProcessContext ctx, Object request, From from, Long count) {
        return switch (request) {
            case Get g -> GenServer.reply(count, count);
            default -> throw new IllegalArgumentException("unknown request " + request); // crash: let it crash
        };
    }

    public static void main(String[] args) {
        try (Node node = Node.start()) {
            GenServers.start(node, new Counter(), "counter");
            for (int i = 1; i <= 10; i++) {
                GenServers.cast(node, ServerRef.named("counter"), new Add(i));
            }
            Object total = GenServers.call(node, ServerRef.named("counter"), new Get(), Duration.ofSeconds(5));
            System.out.println("counter: 1 + 2 + ... + 10 = " + total);
        }
    }
}
