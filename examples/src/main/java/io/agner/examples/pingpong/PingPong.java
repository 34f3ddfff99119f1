package io.agner.examples.pingpong;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;

/**
 * Two processes pass a ball back and forth: spawn, send, receive, and a reply to the sender's pid.
 *
 * <p>Run: {@code make build && java -cp examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.pingpong.PingPong}
 */
public final class PingPong {

    record Ping(Pid from, int n) {}

    record Pong(int n) {}

    record Done(int rounds) {}

    private PingPong() {}

    /** Plays {@code rounds} round trips and returns how many completed. */
    public static int play(Node node, int rounds) throws InterruptedException {
        Pid ponger = node.spawn(ctx -> {
            while (true) {
                switch (ctx.receive()) {
                    case Ping(Pid from, int n) -> ctx.send(from, new Pong(n));
                    case Done d -> { return; }
                    default -> { } // drop what we don't understand, as Erlang code does
                }
            }
        });
        var result = new java.util.concurrent.CompletableFuture<Integer>();
        node.spawn((ProcessContext ctx) -> {
            int completed = 0;
            for (int i = 0; i < rounds; i++) {
                ctx.send(ponger, new Ping(ctx.self(), i));
                if (ctx.receive() instanceof Pong(int n) && n == i) {
                    completed++;
                }
            }
            ctx.send(ponger, new Done(completed));
            result.complete(completed);
        });
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (Node node = Node.start()) {
            long start = System.nanoTime();
            int done = play(node, rounds);
            long ns = System.nanoTime() - start;
            System.out.printf("ping-pong: %,d round trips in %,d ms (%,d ns each, one run, not a benchmark)%n",
                    done, ns / 1_000_000, ns / Math.max(1, done));
        }
    }
}
