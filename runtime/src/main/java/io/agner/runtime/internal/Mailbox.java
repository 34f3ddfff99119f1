package io.agner.runtime.internal;

import io.agner.runtime.SystemMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jctools.queues.atomic.unpadded.MpscUnboundedAtomicUnpaddedArrayQueue;

/**
 * A process's mailbox: any thread may offer; only the owning process's thread may poll, wait or
 * remove.
 *
 * <p>Design:
 * <ul>
 *   <li>Queue: the mailbox <em>is</em> a JCTools MPSC array queue of linked chunks, atomic (no
 *       {@code sun.misc.Unsafe}) and unpadded (padding would cost memory at a million
 *       processes); it extends the queue rather than holding one to save an object header and a
 *       reference per process. Its first chunk holds {@value #FIRST_CHUNK} messages; a full chunk
 *       is followed by one twice its size, up to {@value #MAX_CHUNK}. A chunk the owner keeps
 *       emptying is reused in a circle, so ping-pong and calls allocate nothing per message. A
 *       send is one compare-and-set on the producer index.</li>
 *   <li>Save queue: messages a selective receive skipped, in arrival order, ahead of everything
 *       still in the MPSC queue. Owner-only, allocated on first use.</li>
 *   <li>Wake-up: a state word, {@code RUNNING -> PARKED} (owner, before parking) and
 *       {@code PARKED -> RUNNING} (whoever wakes it). A sender pays one volatile read and unparks
 *       only a parked receiver; of several racing senders one CAS wins and unparks.</li>
 *   <li>Length, with no counter of its own on the send path: the queue's producer index
 *       ({@link #produced()}: every message ever queued, counted as its sender claims a slot)
 *       minus {@code taken} (every message that left: received or removed; only the owner writes
 *       it, with a release store -- no atomic instruction on the owner's side). A move to the save
 *       queue changes neither, so {@code produced - taken} is the exact number waiting, saved ones
 *       included. A reader sandwiches its read of the producer index between two reads of
 *       {@code taken}: if they agree, the difference is the length at the moment it read the
 *       index. (The queue's own {@code size()} would miss a message while the owner moves it to
 *       the save queue.)</li>
 *   <li>Bound: with a capacity ({@link Bounded}), a sender admits an ordinary message with a
 *       compare-and-set on its own {@code admitted} counter only while {@code admitted - taken} is
 *       below the capacity, and refuses it only when the mailbox was full at one moment; so the
 *       length never exceeds the capacity through ordinary messages, and nothing is refused while
 *       there was room. Signals, {@link SystemMessage}s and replies (sent to an alias) are always
 *       accepted and counted, so they travel in the same order as the sender's earlier messages
 *       but are never dropped. Only bounded mailboxes pay for that counter.</li>
 * </ul>
 */
class Mailbox extends MpscUnboundedAtomicUnpaddedArrayQueue<Object> implements Runnable {

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    /** The process has no thread (see {@link #hibernate}): the next message or signal resumes it on a new one. */
    private static final int HIBERNATED = 2;

    /** The first chunk's capacity: a process that keeps up with its mailbox never needs more. */
    static final int FIRST_CHUNK = 2;
    /** The largest chunk: a flood allocates one per this many messages; a drained mailbox keeps its last. */
    static final int MAX_CHUNK = 1024;

    private static final VarHandle STATE;
    private static final VarHandle TAKEN;
    private static final VarHandle REMOVED;

    /** How often {@link #length()} re-reads while the owner keeps taking, before it settles for a bound. */
    private static final int LENGTH_TRIES = 16;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Mailbox.class, "state", int.class);
            TAKEN = l.findVarHandle(Mailbox.class, "taken", long.class);
            REMOVED = l.findVarHandle(Mailbox.class, "removed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable
    private final Proc proc;      // whose mailbox this is; null for a bare mailbox in tests

    // the owner's thread: written before that thread starts (a resume), read after a state read
    private Thread owner;

    // shared: accessed through the VarHandles above
    private int state;

    // owner-only writes, through the VarHandles; other threads read them (see length())
    private long taken;   // messages ever taken out: received, or removed by remove()
    private long removed; // of those, the ones remove() took

    // owner only
    private ArrayDeque<Object> saved;

    /** An unbounded mailbox ({@code capacity} 0), or a bounded one of {@code capacity} messages. */
    static Mailbox of(Proc proc, Thread owner, int capacity) {
        return capacity == 0 ? new Mailbox(proc, owner) : new Bounded(proc, owner, capacity);
    }

    /** A mailbox of no process, owned by {@code owner} for good (it never hibernates); for tests. */
    static Mailbox of(Thread owner, int capacity) {
        return of(null, owner, capacity);
    }

    private Mailbox(Proc proc, Thread owner) {
        super(FIRST_CHUNK);
        this.proc = proc;
        this.owner = owner;
    }

    // ---- any thread -------------------------------------------------------------------------

    /** Offers an ordinary message; returns false if a bounded mailbox is full (nothing queued). */
    @Override
    public boolean offer(Object message) {
        enqueue(message);
        return true;
    }

    /** Offers a message that no bound may refuse: exit and down signals, system messages, replies. */
    void offerExempt(Object message) {
        enqueue(message);
    }

    final void enqueue(Object message) {
        // The offer's compare-and-set on the producer index is a full fence: it orders this insert
        // before the state read in wake(). The owner writes PARKED (volatile) before it re-checks
        // the producer index (volatile) in await() -- so either we see PARKED and unpark, or the
        // owner sees the index moved and does not park (Dekker).
        super.offer(message);
        wake();
    }

    /**
     * Wakes the owner if it is parked in {@link #await()}, or resumes its process on a new thread
     * if it hibernates; cheap otherwise. Of several racing wakers one CAS wins.
     */
    void wake() {
        int s = (int) STATE.getVolatile(this);
        if (s == PARKED && STATE.compareAndSet(this, PARKED, RUNNING)) {
            LockSupport.unpark(owner);
        } else if (s == HIBERNATED && STATE.compareAndSet(this, HIBERNATED, RUNNING)) {
            proc.resume();
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
     * Messages ever queued (one volatile read of the queue's producer index): a sender may read
     * it right after its offer to decide whether to look at the length. Never behind
     * {@code taken}: the owner can take a message only once it is counted here.
     */
    long produced() {
        return lvProducerIndex() >> 1; // the queue counts in twos; an odd index is a chunk being linked
    }

    /** Messages ever taken out (received or removed); with {@link #produced()} read before it, a lower bound of the length at both reads. */
    final long taken() {
        return (long) TAKEN.getAcquire(this);
    }

    /**
     * Messages waiting, saved ones included; any thread. Exact: the length at the moment it read
     * the producer index, checked by {@code taken} not moving around that read. Only if the owner
     * keeps taking messages through {@value #LENGTH_TRIES} tries in a row does it settle for a
     * lower bound, off by at most what was taken during the last try.
     */
    int length() {
        long t = (long) TAKEN.getAcquire(this);
        long p = 0;
        for (int i = 0; i < LENGTH_TRIES; i++) {
            p = produced();
            long again = (long) TAKEN.getAcquire(this);
            if (again == t) {
                break;
            }
            t = again;
        }
        return (int) Math.clamp(p - t, 0, Integer.MAX_VALUE);
    }

    /** True while the owner is parked in {@link #await()} (or about to park there); for tests. */
    boolean parked() {
        return (int) STATE.getVolatile(this) == PARKED;
    }

    /** Messages the owner has received (taken by a receive, not removed); racy but benign for other threads. */
    long received() {
        return (long) TAKEN.getOpaque(this) - (long) REMOVED.getOpaque(this);
    }

    /** Messages a bounded mailbox refused; none for an unbounded one. */
    long dropped() {
        return 0;
    }

    /**
     * Up to {@code max} waiting messages, saved ones first, for a look from any thread: best
     * effort. The owner may move a message from the MPSC queue to the save queue while it is read
     * (a read of the save queue, then of the queue, would miss it), and the save queue is the
     * owner's; so a read that comes out shorter than the mailbox's length, or races the owner's
     * save queue, is tried again, {@value #PEEK_TRIES} times at most. The MPSC queue's own
     * iterator is safe from any thread.
     */
    List<Object> peek(int max) {
        List<Object> out = List.of();
        for (int attempt = 0; attempt < PEEK_TRIES; attempt++) {
            out = peekOnce(max);
            if (out != null && out.size() >= Math.min(max, length())) {
                return out;
            }
        }
        return out == null ? List.of() : out;
    }

    private static final int PEEK_TRIES = 3;

    /** One read: the save queue, then the MPSC queue; null if the owner changed the save queue meanwhile. */
    private List<Object> peekOnce(int max) {
        List<Object> out = new ArrayList<>(Math.min(max, 16));
        ArrayDeque<Object> s = saved;
        if (s != null) {
            try {
                for (Object m : s) {
                    if (m == null || out.size() >= max) {
                        break;
                    }
                    out.add(m);
                }
            } catch (RuntimeException racedWithOwner) { // ConcurrentModificationException and the like
                return null;
            }
        }
        for (Iterator<Object> it = iterator(); it.hasNext() && out.size() < max; ) {
            Object m = it.next();
            if (m != null) {
                out.add(m);
            }
        }
        return out;
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
        while ((m = super.poll()) != null) { // the queue's own poll: the next arrival
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
        while ((m = super.poll()) != null) { // the queue's own poll: the next arrival
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
        if (lvProducerIndex() == lvConsumerIndex()) { // not isEmpty(): it counts a chunk being linked as empty
            LockSupport.park(this);
        }
        STATE.setOpaque(this, RUNNING);
    }

    /**
     * The owner's thread is about to end with its process alive ({@link Proc}'s hibernation):
     * returns true if it may end, because the next message or {@link #wake()} resumes the process
     * on a new thread; false if a message is queued already or {@code stay} holds, so the process
     * goes on on this thread. Dekker with {@link #wake()}: HIBERNATED is written (volatile) before
     * the queue and {@code stay} are read; a sender queues before it reads the state.
     */
    boolean hibernate(java.util.function.BooleanSupplier stay) {
        Thread self = owner;
        owner = null;                   // the ending thread is not kept; published by the state write
        if (saved != null && saved.isEmpty()) {
            saved = null;
        }
        STATE.setVolatile(this, HIBERNATED);
        boolean queued = lvProducerIndex() != lvConsumerIndex() || (saved != null && !saved.isEmpty());
        if (queued || stay.getAsBoolean()) {
            // a waker may have won already: then it resumes the process on a new thread, and this one ends
            if (STATE.compareAndSet(this, HIBERNATED, RUNNING)) {
                owner = self;           // it goes on on this thread
                return false;
            }
        }
        return true;
    }

    /** The process resumes on {@code thread}, not started yet (the waker's CAS made the state RUNNING). */
    void resumeOn(Thread thread) {
        owner = thread;
    }

    /** True while the process hibernates. */
    boolean hibernating() {
        return (int) STATE.getVolatile(this) == HIBERNATED;
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

    /** Each chunk after a full one is twice its size, up to {@value #MAX_CHUNK}. */
    @Override
    protected int getNextBufferSize(AtomicReferenceArray<Object> buffer) {
        int capacity = buffer.length() - 1; // its last slot links to the next chunk
        return Math.min(2 * capacity, MAX_CHUNK) + 1;
    }

    /**
     * A mailbox of at most {@code capacity} ordinary messages; see the class comment ("Bound").
     * Its own {@code admitted} counter is the one contended atomic on its send path: bounded
     * mailboxes pay for their bound, unbounded ones do not.
     */
    static final class Bounded extends Mailbox {

        private static final VarHandle ADMITTED;
        private static final VarHandle DROPPED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                ADMITTED = l.findVarHandle(Bounded.class, "admitted", long.class);
                DROPPED = l.findVarHandle(Bounded.class, "dropped", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final int capacity;
        private long admitted; // messages ever admitted, exempt ones included: senders add one before they enqueue
        private long dropped;

        Bounded(Proc proc, Thread owner, int capacity) {
            super(proc, owner);
            this.capacity = capacity;
        }

        @Override
        public boolean offer(Object message) {
            if (message instanceof SystemMessage) {
                offerExempt(message);
            } else if (admit()) {
                enqueue(message);
            } else {
                DROPPED.getAndAdd(this, 1L);
                return false;
            }
            return true;
        }

        @Override
        void offerExempt(Object message) {
            ADMITTED.getAndAdd(this, 1L);
            enqueue(message);
        }

        /**
         * Counts one more message in if there is room. Admits only if the length was below the
         * capacity when the compare-and-set succeeded ({@code taken} only grows, so it was at least
         * {@code t} then); refuses only if {@code taken} did not move while {@code admitted} was
         * read, so the mailbox really was full at that moment.
         */
        private boolean admit() {
            long t = taken();
            while (true) {
                long a = (long) ADMITTED.getVolatile(this);
                if (a - t < capacity) {
                    if (ADMITTED.compareAndSet(this, a, a + 1)) {
                        return true;
                    }
                    continue; // another sender counted one: look again
                }
                long again = taken();
                if (again == t) {
                    return false;
                }
                t = again; // the owner took some meanwhile: look again
            }
        }

        @Override
        long dropped() {
            return (long) DROPPED.getVolatile(this);
        }
    }
}
