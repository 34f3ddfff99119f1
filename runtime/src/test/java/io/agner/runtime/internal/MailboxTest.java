package io.agner.runtime.internal;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The send path's promises: no allocation beyond the queue node, and an unpark only for a parked owner. */
class MailboxTest {

    private static final long WAIT_SECONDS = 20;

    /** The MPSC queue's node with compressed oops: a 12-byte header, value and next references. */
    private static final long BYTES_PER_OFFER = 32;

    @Test
    void offer_unbounded_allocatesOnlyTheQueueNode() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        Object message = "one pre-made message";
        int offers = 100_000;
        for (int round = 0; round < 20; round++) { // warm-up: let the JIT compile the send path
            offerAndDrain(message, offers);
        }

        Mailbox mailbox = Mailbox.of(Thread.currentThread(), 0);
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < offers; i++) {
            mailbox.offer(message);
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;

        assertEquals(offers, mailbox.length());
        assertTrue(allocated <= BYTES_PER_OFFER * offers,
                "offers allocated " + allocated + " bytes, " + (double) allocated / offers + " per offer (limit " + BYTES_PER_OFFER + ")");
    }

    /**
     * Ping-pong, rings, calls: a mailbox that is emptied as fast as it fills reuses its queue's
     * array, so a send allocates nothing (a linked queue allocates a node per message).
     */
    @Test
    void offerThenPoll_steadyState_allocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        Object message = "one pre-made message";
        int offers = 100_000;
        Mailbox mailbox = Mailbox.of(Thread.currentThread(), 0);
        for (int round = 0; round < 20; round++) { // warm-up: let the JIT compile both paths
            offerThenPoll(mailbox, message, offers);
        }

        long before = threads.getThreadAllocatedBytes(self);
        offerThenPoll(mailbox, message, offers);
        long allocated = threads.getThreadAllocatedBytes(self) - before;

        assertEquals(0, mailbox.length());
        assertTrue(allocated < offers, "offers allocated " + allocated + " bytes, " + (double) allocated / offers + " per offer");
    }

    private static void offerThenPoll(Mailbox mailbox, Object message, int offers) {
        for (int i = 0; i < offers; i++) {
            mailbox.offer(message);
            if (mailbox.poll(null) != message) {
                throw new AssertionError("lost the message");
            }
        }
    }

    /**
     * Several senders race on one mailbox whose owner parks whenever it finds it empty: every
     * message arrives once, each sender's in its order, through chunks that fill, grow and are
     * reused; no wake-up is lost (the owner would park forever), and the length ends at zero.
     */
    @Test
    void offer_concurrentSenders_deliverEachMessageOnceInEachSendersOrder() throws Exception {
        int senders = 4;
        int each = 100_000;
        CompletableFuture<Mailbox> mailboxFor = new CompletableFuture<>();
        CompletableFuture<String> verdict = new CompletableFuture<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            try {
                Mailbox mb = mailboxFor.get(WAIT_SECONDS, TimeUnit.SECONDS);
                int[] next = new int[senders];
                for (int got = 0; got < senders * each; got++) {
                    Object m;
                    while ((m = mb.poll(null)) == null) {
                        mb.await();
                    }
                    long v = (Long) m;
                    int sender = (int) (v / each);
                    if (v % each != next[sender]++) {
                        verdict.complete("sender " + sender + ": got " + v % each + ", expected " + (next[sender] - 1));
                        return;
                    }
                }
                verdict.complete("ok, length " + mb.length());
            } catch (Exception e) {
                verdict.completeExceptionally(e);
            }
        });
        Mailbox mailbox = Mailbox.of(owner, 0);
        mailboxFor.complete(mailbox);
        Thread[] threads = new Thread[senders];
        for (int s = 0; s < senders; s++) {
            long base = (long) s * each;
            threads[s] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    mailbox.offer(base + i);
                }
            });
        }

        assertEquals("ok, length 0", verdict.get(WAIT_SECONDS * 3, TimeUnit.SECONDS));
        for (Thread t : threads) {
            t.join();
        }
        owner.join();
    }

    private static void offerAndDrain(Object message, int offers) {
        Mailbox mailbox = Mailbox.of(Thread.currentThread(), 0);
        for (int i = 0; i < offers; i++) {
            mailbox.offer(message);
        }
        while (mailbox.poll(null) != null) {
            // drain: the owner here is this thread
        }
    }

    @Test
    void offer_ownerNotParked_staysRunningAndLeavesNoWakeUp() throws Exception {
        Object blocker = new Object();
        CompletableFuture<Boolean> wokeOnlyWhenReleased = new CompletableFuture<>();
        CompletableFuture<Void> offered = new CompletableFuture<>();
        CompletableFuture<Void> released = new CompletableFuture<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            while (!offered.isDone()) {
                Thread.onSpinWait(); // busy, not parked: an unpark now would leave a permit behind
            }
            LockSupport.park(blocker); // returns at once if the offer left a permit
            wokeOnlyWhenReleased.complete(released.isDone());
        });
        Mailbox mailbox = Mailbox.of(owner, 0);

        assertTrue(mailbox.offer("hello"));
        assertFalse(mailbox.parked(), "an offer to a running owner leaves the state RUNNING");
        offered.complete(null);

        await().until(() -> wokeOnlyWhenReleased.isDone()
                || LockSupport.getBlocker(owner) == blocker && owner.getState() == Thread.State.WAITING);
        released.complete(null);
        LockSupport.unpark(owner);

        assertTrue(wokeOnlyWhenReleased.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the owner's park returned before it was released: the offer unparked a running owner");
        owner.join();
    }

    @Test
    void offer_ownerParked_wakesIt() throws Exception {
        CompletableFuture<Mailbox> mailboxFor = new CompletableFuture<>();
        CompletableFuture<Object> got = new CompletableFuture<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            try {
                Mailbox mb = mailboxFor.get(WAIT_SECONDS, TimeUnit.SECONDS);
                Object m;
                while ((m = mb.poll(null)) == null) {
                    mb.await();
                }
                got.complete(m);
            } catch (Exception e) {
                got.completeExceptionally(e);
            }
        });
        Mailbox mailbox = Mailbox.of(owner, 0);
        mailboxFor.complete(mailbox);
        await().until(() -> mailbox.parked() && owner.getState() == Thread.State.WAITING);

        Object message = "wake up";
        assertTrue(mailbox.offer(message));

        assertSame(message, got.get(WAIT_SECONDS, TimeUnit.SECONDS), "the parked owner woke and took the message");
        assertFalse(mailbox.parked());
        owner.join();
    }
}
