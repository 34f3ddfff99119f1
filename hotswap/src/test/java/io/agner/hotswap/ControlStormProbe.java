package io.agner.hotswap;

import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement run by hand, not a test: how long a busy process's message handling stalls while
 * many clients ask the control channel for {@code ps} at once (issue 19, item 5). Prints the
 * longest gap between two round trips of a ping-pong pair, before and during the storm.
 *
 * <p>Arguments: processes (default 5000), clients (231), requests per client (1).
 */
public final class ControlStormProbe {

    private ControlStormProbe() {}

    /** Sends a request and reads the answer as bytes, cheaply; true if it ended with OK. */
    private static boolean askRaw(Path socket, String request) throws java.io.IOException {
        try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
            c.write(java.nio.ByteBuffer.wrap((request + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            byte[] tail = new byte[3];
            int n;
            while ((n = c.read(buf.clear())) >= 0) {
                if (n >= 3) {
                    buf.get(n - 3, tail);
                }
            }
            return new String(tail, java.nio.charset.StandardCharsets.UTF_8).equals("OK\n");
        }
    }

    public static void main(String[] args) throws Exception {
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 231;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("storm").resolve("agner");
        try (Node node = Node.start(); ControlServer control = ControlServer.start(node, "storm", dir)) {
            List<ChildSpec> children = new ArrayList<>();
            for (int i = 0; i < processes / 2; i++) {
                children.add(ChildSpec.worker("w" + i, (sup, a) -> GenServers.startLink(sup, new ControlFixture.Idle())));
            }
            Supervisor.start(node, SupFlags.DEFAULT, children);
            for (int i = 0; i < processes / 2; i++) {
                node.spawn(ctx -> {
                    while (true) {
                        ctx.receive();
                    }
                });
            }
            AtomicLong maxGap = new AtomicLong();
            AtomicLong trips = new AtomicLong();
            Pid echo = node.spawn(ctx -> {
                while (true) {
                    if (ctx.receive() instanceof Pid from) {
                        ctx.send(from, "pong");
                    }
                }
            });
            node.spawn(ctx -> {
                long last = System.nanoTime();
                while (true) {
                    ctx.send(echo, ctx.self());
                    ctx.receive();
                    long now = System.nanoTime();
                    maxGap.accumulateAndGet(now - last, Math::max);
                    last = now;
                    trips.incrementAndGet();
                }
            });
            Thread.sleep(3000); // a measurement program, not a test: let it warm up
            maxGap.set(0);
            long t0 = trips.get();
            Thread.sleep(2000);
            System.out.printf("quiet: longest gap %.1f ms, %,d round trips in 2 s%n", maxGap.get() / 1e6, trips.get() - t0);
            System.out.printf("ps answer: %,d lines%n", ControlFixture.ask(control.socket(), "ps").size());

            maxGap.set(0);
            t0 = trips.get();
            CountDownLatch start = new CountDownLatch(1);
            AtomicLong refused = new AtomicLong();
            AtomicLong served = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int r = 0; r < rounds; r++) {
                            (askRaw(control.socket(), "ps") ? served : refused).incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long took = System.nanoTime() - began;
            System.out.printf("storm: %d clients x %d ps: served %d, refused %d in %.0f ms; longest gap %.1f ms, %,d round trips%n",
                    clients, rounds, served.get(), refused.get(), took / 1e6, maxGap.get() / 1e6, trips.get() - t0);
        }
    }
}
