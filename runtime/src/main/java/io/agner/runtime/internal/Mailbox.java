package io.agner.runtime.internal;

import io.agner.runtime.SystemMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.unpadded.MpscLinkedAtomicUnpaddedQueue;

/**
 * A process's mailbox: any thread may offer; only the owning process's thread may poll, wait or
 * remove.
 *
 * <p>Design:
 * <ul>
 *   <li>Queue: a JCTools MPSC linked queue, atomic (no {@code sun.misc.Unsafe}) and unpadded
 *       (padding would cost memory at a million processes). Its {@code offer} is a single
 *       exchange; no lock and no allocation beyond the queue's own node.</li>
 *   <li>Save queue: messages a selective receive skipped, in arrival order, ahead of everything
 *       still in the MPSC queue. Owner-only, allocated on first use.</li>
 *   <li>Wake-up: a state word, {@code RUNNING -> PARKED} (owner, before parking) and
 *       {@code PARKED -> RUNNING} (whoever wakes it). A sender pays one volatile read and unparks
 *       only a parked receiver; of several racing senders one CAS wins and unparks.</li>
 *   <li>Bound: with a capacity, a counter of waiting messages (saved ones included). Ordinary
 *       messages are refused when it is reached; signals and {@link SystemMessage}s are always
 *       accepted and counted, so they travel in the same order as the sender's earlier messages
 *       but are never dropped.</li>
 * </ul>
 */
final class Mailbox implements Runnable {

    private static final int RUNNING = 0;
    private static final int PARKED = 1;

    private static final VarHandle STATE;
    private static final VarHandle COUNT;
    private static final VarHandle RECEIVED;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Mailbox.class, "state", int.class);
            COUNT = l.findVarHandle(Mailbox.class, "count", int.class);
            RECEIVED = l.findVarHandle(Mailbox.class, "received", long.class);
            DROPPED = l.findVarHandle(Mailbox.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable
    private final MessagePassingQueue<Object> queue = new MpscLinkedAtomicUnpaddedQueue<>();
    private final Thread owner;
    private final int capacity; // 0 = unbounded

    // shared: accessed through the VarHandles above
    private int state;
    private int count; // bounded mailboxes only
    private long dropped;

    // owner-only writes; other threads read them racily for ProcessInfo (benign)
    private long received;
    private ArrayDeque<Object> saved;

    Mailbox(Thread owner, int capacity) {
        this.owner = owner;
        this.capacity = capacity;
    }

    // ---- any thread -------------------------------------------------------------------------

    /** Offers an ordinary message; returns false if a bounded mailbox is full (nothing queued). */
    boolean offer(Object message) {
        if (capacity != 0 && !(message instanceof SystemMessage)) {
            if ((int) COUNT.getAndAdd(this, 1) >= capacity) {
                COUNT.getAndAdd(this, -1);
                DROPPED.getAndAdd(this, 1L);
                return false;
            }
            enqueue(message);
            return true;
        }
        offerExempt(message);
        return true;
    }

    /** Offers a message that no bound may refuse: exit and down signals, system messages. */
    void offerExempt(Object message) {
        if (capacity != 0) {
            COUNT.getAndAdd(this, 1);
        }
        enqueue(message);
    }

    private void enqueue(Object message) {
        // The offer's exchange on the queue's producer node is a full fence: it orders this insert
        // before the state read in wake(). The owner writes PARKED (volatile) before it re-checks
        // isEmpty(), which reads the producer node (volatile) -- so either we see PARKED and
        // unpark, or the owner sees the message and does not park (Dekker).
        queue.offer(message);
        wake();
    }

    /** Wakes the owner if it is parked in {@link #await()}; cheap otherwise. */
    void wake() {
        if ((int) STATE.getVolatile(this) == PARKED && STATE.compareAndSet(this, PARKED, RUNNING)) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * A receive timeout firing: unpark the owner unconditionally. Unlike a message it leaves
     * nothing in the queue for {@link #await()}'s re-check to find, so if the owner is not parked
     * yet the park permit must carry the wake-up to its next park.
     */
    @Override
    public void run() {
        LockSupport.unpark(owner);
    }

    /** Messages waiting, saved ones included. Racy when read by another thread, but benign. */
    int length() {
        if (capacity != 0) {
            return (int) COUNT.getVolatile(this);
        }
        ArrayDeque<Object> s = saved;
        return queue.size() + (s == null ? 0 : s.size());
    }

    /** True while the owner is parked in {@link #await()} (or about to park there); for tests. */
    boolean parked() {
        return (int) STATE.getVolatile(this) == PARKED;
    }

    long received() {
        return (long) RECEIVED.getOpaque(this);
    }

    long dropped() {
        return (long) DROPPED.getVolatile(this);
    }

    // ---- owner only -------------------------------------------------------------------------

    /**
     * Takes the oldest message that {@code match} accepts ({@code null} accepts any): saved
     * messages first, then new arrivals, saving those that do not match. Null if none now.
     */
    Object poll(Predicate<Object> match) {
        ArrayDeque<Object> s = saved;
        if (s != null && !s.isEmpty()) {
            if (match == null) {
                return taken(s.pollFirst());
            }
            for (Iterator<Object> it = s.iterator(); it.hasNext(); ) {
                Object m = it.next();
                if (match.test(m)) {
                    it.remove();
                    return taken(m);
                }
            }
        }
        return pollNew(match);
    }

    /** Like {@link #poll} but looks only at arrivals since the last poll (the saved ones were already refused). */
    Object pollNew(Predicate<Object> match) {
        Object m;
        while ((m = queue.poll()) != null) {
            if (match == null) {
                return taken(m);
            }
            boolean hit;
            try {
                hit = match.test(m);
            } catch (RuntimeException | Error e) {
                saved().addLast(m); // a throwing predicate loses nothing
                throw e;
            }
            if (hit) {
                return taken(m);
            }
            saved().addLast(m);
        }
        return null;
    }

    /** Removes the oldest message {@code match} accepts, wherever it waits; true if one was removed. */
    boolean remove(Predicate<Object> match) {
        Object m;
        while ((m = queue.poll()) != null) {
            saved().addLast(m);
        }
        ArrayDeque<Object> s = saved;
        if (s != null) {
            for (Iterator<Object> it = s.iterator(); it.hasNext(); ) {
                if (match.test(it.next())) {
                    it.remove();
                    if (capacity != 0) {
                        COUNT.getAndAdd(this, -1);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Parks until a message may have arrived, {@link #wake()} was called, or the thread was
     * interrupted; may return spuriously. Callers re-check what they wait for.
     */
    void await() {
        STATE.setVolatile(this, PARKED);
        if (queue.isEmpty()) {
            LockSupport.park(this);
        }
        STATE.setOpaque(this, RUNNING);
    }

    private Object taken(Object m) {
        if (capacity != 0) {
            COUNT.getAndAdd(this, -1);
        }
        RECEIVED.setOpaque(this, received + 1);
        return m;
    }

    private ArrayDeque<Object> saved() {
        ArrayDeque<Object> s = saved;
        if (s == null) {
            saved = s = new ArrayDeque<>();
        }
        return s;
    }
}
