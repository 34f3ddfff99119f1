package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.runtime.SchedulerKind;
import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control requests must not stall the node's processes (issue 19, item 5): however many clients
 * ask at once, the process table is walked once for all the {@code ps} requests that arrive while
 * a walk runs, and no request runs on the node's carriers, even when the server was started by a
 * process. Checked by what the requests do (a node whose {@code processes()} is counted, held and
 * watched), not by timing.
 */
class ControlLoadTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path tmp;

    /** {@code node}, with every {@code processes()} counted, its thread recorded, and held until {@code release}. */
    private static Node watched(Node node, AtomicInteger walks, Set<String> threads, CountDownLatch release) {
        return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class}, (proxy, method, args) -> {
            if (method.getName().equals("processes")) {
                walks.incrementAndGet();
                threads.add(Thread.currentThread().toString()); // a virtual thread's names its carrier: ...@agner-carrier-1-0
                release.await();
            }
            try {
                return method.invoke(node, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static List<String> ps(ControlServer control) {
        try {
            return ControlFixture.ask(control.socket(), "ps");
        } catch (IOException e) {
            return List.of("(" + e + ")");
        }
    }

    @Test
    void psRequestsArrivingTogether_shareOneWalkOfTheProcessTable() throws Exception {
        for (int i = 0; i < 100; i++) {
            agner.node().spawn(ctx -> ctx.receive());
        }
        AtomicInteger walks = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        int clients = ControlServer.MAX_CONNECTIONS;
        try (ControlServer control = new ControlServer(watched(agner.node(), walks, ConcurrentHashMap.newKeySet(), release), "n1",
                tmp.resolve("agner"), ControlServer.ownerOnly(ControlDir.self()))) {
            List<AtomicReference<List<String>>> answers = new ArrayList<>();
            List<Thread> asking = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                AtomicReference<List<String>> answer = new AtomicReference<>();
                answers.add(answer);
                asking.add(Thread.ofVirtual().start(() -> answer.set(ps(control))));
            }
            await().until(() -> control.answering() == clients); // every request read, none answered: the first walk is held

            release.countDown();
            for (Thread t : asking) {
                t.join();
            }

            assertEquals(1, walks.get(), "walks of the process table for " + clients + " ps requests");
            List<String> first = answers.getFirst().get();
            assertEquals("OK", ControlFixture.last(first));
            assertTrue(first.size() > 100, "every process listed: " + first.size() + " lines");
            answers.forEach(a -> assertEquals(first, a.get()));
        }
    }

    @Test
    void requestsRunOffTheNodesCarriers_evenWhenAProcessStartedTheServer() throws Exception {
        Node node = agner.node();
        assertEquals(SchedulerKind.AGNER, node.schedulerStats().kind(), "this test needs agner's own carriers");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch open = new CountDownLatch(0);
        AtomicReference<ControlServer> started = new AtomicReference<>();
        CountDownLatch up = new CountDownLatch(1);
        node.spawn(ctx -> { // a process starts the control server, as an application's supervisor child might
            try {
                started.set(new ControlServer(watched(node, new AtomicInteger(), threads, open), "n1", tmp.resolve("agner"),
                        ControlServer.ownerOnly(ControlDir.self())));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                up.countDown();
            }
        });
        up.await();
        try (ControlServer control = started.get()) {
            for (int i = 0; i < 4; i++) {
                assertEquals("OK", ControlFixture.last(ps(control)));
            }

            assertFalse(threads.isEmpty());
            threads.forEach(t -> assertFalse(t.contains("agner-carrier"), "a request ran on a carrier of the node: " + t));
        }
    }
}
