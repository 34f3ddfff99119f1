package io.agner.examples.ring;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A ring of processes, each forwarding a token to the next; the first counts the laps. Shows how
 * cheap a process is: ten thousand of them are a few megabytes.
 *
 * <p>Run: {@code make build && java -cp examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.ring.Ring 10000 100}
 */
public final class Ring {

    record Token(int lap) {}

    record Stop() {}

    private Ring() {}

    /**
     * Builds a ring of {@code size} processes, sends a token round {@code laps} times, then stops
     * the ring; returns the hops made.
     */
    public static long run(Node node, int size, int laps) throws InterruptedException {
        if (size < 2 || laps < 1) {
            throw new IllegalArgumentException("need size >= 2 and laps >= 1, was size=" + size + ", laps=" + laps);
        }
        CompletableFuture<Long> hops = new CompletableFuture<>();
        Pid first = node.spawn(ctx -> {
            Pid next = (Pid) ctx.receive(); // the last process spawned closes the ring
            long made = 0;
            for (int lap = 0; lap < laps; lap++) {
                ctx.send(next, new Token(lap));
                Token back = (Token) ctx.receive();
                made += size;
                if (back.lap() != lap) {
                    throw new IllegalStateException("token of lap " + back.lap() + " came back during lap " + lap);
                }
            }
            ctx.send(next, new Stop()); // each process passes it on and exits
            ctx.receive(m -> m instanceof Stop);
            hops.complete(made);
        });
        Pid next = first;
        for (int i = 1; i < size; i++) {
            Pid to = next;
            next = node.spawn(ctx -> {
                Object m;
                do {
                    m = ctx.receive();
                    ctx.send(to, m);
                } while (!(m instanceof Stop));
            });
        }
        node.send(first, next);
        try {
            return hops.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int laps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (Node node = Node.start()) {
            report(node, size, laps);
        }
    }

    /** Runs the ring and prints what it did. */
    public static void report(Node node, int size, int laps) throws InterruptedException {
        long start = System.nanoTime();
        long hops = run(node, size, laps);
        long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        System.out.printf("ring: %,d processes, %,d laps, %,d hops in %,d ms (%,d hops/s; one run, not a benchmark)%n",
                size, laps, hops, ms, hops * 1000 / ms);
    }
}
