package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A process's stack and queued messages, as an observer reads them from another thread. */
class IntrospectionTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    record Go() {}

    @Test
    void stackTrace_showsWhereTheProcessWaits() throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        Pid p = agner.node().spawn(ctx -> {
            waiting.countDown();
            ctx.receive();
        });
        waiting.await();
        org.awaitility.Awaitility.await().until(() -> agner.node().info(p).orElseThrow().status() == ProcessInfo.Status.WAITING);

        List<StackTraceElement> stack = agner.node().stackTrace(p);

        assertTrue(stack.stream().anyMatch(f -> f.getMethodName().contains("receive")), stack.toString());
        assertTrue(stack.stream().anyMatch(f -> f.getClassName().equals(IntrospectionTest.class.getName())), stack.toString());
    }

    @Test
    void queuedMessages_showsTheFirstWaitingOnesInOrder_skippedOnesFirst() throws InterruptedException {
        CountDownLatch skipped = new CountDownLatch(1);
        Pid p = agner.node().spawn(ctx -> {
            ctx.receive(m -> m instanceof Go, java.time.Duration.ofMillis(1)); // skips "a": it stays saved
            skipped.countDown();
            ctx.receive(m -> m instanceof Go);
        });
        agner.node().send(p, "a");
        skipped.await();
        for (int i = 0; i < 5; i++) {
            agner.node().send(p, i);
        }
        // settled: its receive has looked at (and saved) all six and waits for a Go
        org.awaitility.Awaitility.await().until(() -> agner.node().info(p).orElseThrow().status() == ProcessInfo.Status.WAITING
                && agner.node().info(p).orElseThrow().mailboxLength() == 6);

        assertEquals(List.of("a", 0, 1), agner.node().queuedMessages(p, 3));
        assertEquals(6, agner.node().queuedMessages(p, 100).size());
    }

    @Test
    void queuedMessages_ofAProcessNotReceiving_areTheNewArrivalsInOrder() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Pid p = agner.node().spawn(ctx -> {
            blocked.countDown();
            try {
                release.await(); // busy elsewhere: its arrivals stay in the mailbox's queue, none saved
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.await();
        for (int i = 0; i < 4; i++) {
            agner.node().send(p, i);
        }

        assertEquals(List.of(0, 1, 2), agner.node().queuedMessages(p, 3));
        assertEquals(List.of(0, 1, 2, 3), agner.node().queuedMessages(p, 10));
        release.countDown();
    }

    @Test
    void aDeadProcess_hasNoStackAndNoMessages() {
        Pid p = agner.node().spawn(ctx -> {});
        org.awaitility.Awaitility.await().until(() -> !agner.node().isAlive(p));

        assertEquals(List.of(), agner.node().stackTrace(p));
        assertEquals(List.of(), agner.node().queuedMessages(p, 10));
    }
}
