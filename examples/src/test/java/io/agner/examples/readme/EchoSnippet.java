package io.agner.examples.readme;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** README "Processes talking, in about 20 lines", as it stands there (ReadmeSnippetsTest compares them). */
final class EchoSnippet {

    private EchoSnippet() {}

    static void run() throws InterruptedException {
        // README[talking 1]
        record Ping(Pid from) {}
        record Pong() {}

        CountDownLatch done = new CountDownLatch(1);
        try (Node node = Node.start()) {
            Pid echo = node.spawn(ctx -> {
                while (true) {
                    switch (ctx.receive()) {
                        case Ping(Pid from) -> ctx.send(from, new Pong());
                        case String s when s.equals("stop") -> { return; }   // exit reason: normal
                        default -> { }                                        // drop what we don't understand
                    }
                }
            });
            node.spawn(ctx -> {
                ctx.send(echo, new Ping(ctx.self()));
                Object reply = ctx.receive(m -> m instanceof Pong, Duration.ofSeconds(1)).orElseThrow();
                System.out.println(ctx.self() + " got " + reply + " from " + echo);   // <0.2.0> got Pong[] from <0.1.0>
                ctx.send(echo, "stop");
                done.countDown();
            });
            done.await();   // the main thread is not a process: plain Java waits for it
        }
        // README[end]
    }
}
