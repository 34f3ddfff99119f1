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
 *   <li>Length: two counters, {@code arrived} (every message queued; senders add to it before
 *       they enqueue) and {@code taken} (every message that left: received or removed; only the
 *       owner writes it, with a release store -- no atomic instruction on the owner's side). A
 *       move to the save queue changes neither, so {@code arrived - taken} is the exact number
 *       waiting, saved ones included. A reader sandwiches its read of {@code arrived} between two
 *       reads of {@code taken}: if they agree, the difference is the length at the moment it read
 *       {@code arrived}.</li>
 *   <li>Bound: with a capacity, a sender admits an ordinary message with a compare-and-set on
 *       {@code arrived} only while {@code arrived - taken} is below the capacity, and refuses it
 *       only when the mailbox was full at one moment; so the length never exceeds the capacity
 *       through ordinary messages, and nothing is refused while there was room. Signals,
 *       {@link SystemMessage}s and replies (sent to an alias) are always accepted and counted, so
 *       they travel in the same order as the sender's earlier messages but are never dropped.</li>
 * </ul>
 */
final class Mailbox implements Runnable {

    private static final int RUNNING = 0;
    private static final int PARKED = 1;

    private static final VarHandle STATE;
    private static final VarHandle ARRIVED;
    private static final VarHandle TAKEN;
    private static final VarHandle REMOVED;
    private static final VarHandle DROPPED;

    /** How often {@link #length()} re-reads while the owner keeps taking, before it settles for a bound. */
    private static final int LENGTH_TRIES = 16;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Mailbox.class, "state", int.class);
            ARRIVED = l.findVarHandle(Mailbox.class, "arrived", long.class);
            TAKEN = l.findVarHandle(Mailbox.class, "taken", long.class);
            REMOVED = l.findVarHandle(Mailbox.class, "removed", long.class);
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
    private long arrived; // messages ever queued: senders add one before they enqueue
    private long dropped;

    // owner-only writes, through the VarHandles; other threads read them (see length())
    private long taken;   // messages ever taken out: received, or removed by remove()
    private long removed; // of those, the ones remove() took

    // owner only
    private ArrayDeque<Object> saved;

    Mailbox(Thread owner, int capacity) {
        this.owner = owner;
        this.capacity = capacity;
    }

    // ---- any thread -------------------------------------------------------------------------

    /** Offers an ordinary message; returns false if a bounded mailbox is full (nothing queued). */
    boolean offer(Object message) {
        if (capacity != 0 && !(message instanceof SystemMessage)) {
            if (!admit()) {
                DROPPED.getAndAdd(this, 1L);
                return false;
            }
        } else {
            ARRIVED.getAndAdd(this, 1L);
        }
        enqueue(message);
        return true;
    }

    /** Offers a message that no bound may refuse: exit and down signals, system messages, replies. */
    void offerExempt(Object message) {
        ARRIVED.getAndAdd(this, 1L);
        enqueue(message);
    }

    /**
     * Counts one more message into a bounded mailbox if it has room. Admits only if the length
     * was below the capacity when the compare-and-set succeeded ({@code taken} only grows, so it
     * was at least {@code t} then); refuses only if {@code taken} did not move while
     * {@code arrived} was read, so the mailbox really was full at that moment.
     */
    private boolean admit() {
        long t = (long) TAKEN.getAcquire(this);
        while (true) {
            long a = (long) ARRIVED.getVolatile(this);
            if (a - t < capacity) {
                if (ARRIVED.compareAndSet(this, a, a + 1)) {
                    return true;
                }
                continue; // another sender counted one: look again
            }
            long again = (long) TAKEN.getAcquire(this);
            if (again == t) {
                return false;
            }
            t = again; // the owner took some meanwhile: look again
        }
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

    /**
     * Messages waiting, saved ones included; any thread. Exact: the length at the moment it read
     * {@code arrived}, checked by {@code taken} not moving around that read. Only if the owner
     * keeps taking messages through {@value #LENGTH_TRIES} tries in a row does it settle for a
     * lower bound, off by at most what was taken during the last try.
     */
    int length() {
        long t = (long) TAKEN.getAcquire(this);
        long a = 0;
        for (int i = 0; i < LENGTH_TRIES; i++) {
            a = (long) ARRIVED.getVolatile(this);
            long again = (long) TAKEN.getAcquire(this);
            if (again == t) {
                break;
            }
            t = again;
        }
        return (int) Math.clamp(a - t, 0, Integer.MAX_VALUE);
    }

    /** True while the owner is parked in {@link #await()} (or about to park there); for tests. */
    boolean parked() {
        return (int) STATE.getVolatile(this) == PARKED;
    }

    /** Messages the owner has received (taken by a receive, not removed); racy but benign for other threads. */
    long received() {
        return (long) TAKEN.getOpaque(this) - (long) REMOVED.getOpaque(this);
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
                    REMOVED.setOpaque(this, removed + 1);
                    TAKEN.setRelease(this, taken + 1);
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
        TAKEN.setRelease(this, taken + 1); // a plain store on x86: the owner's only cost of an exact length
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
