package io.agner.runtime.internal;

import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import io.agner.runtime.SchedulerStats.CarrierStats;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * agner's scheduler: the {@link Executor} that receives every continuation of the node's virtual
 * threads (through JDK 25's package-private {@code VirtualThreadBuilder(Executor)}, see
 * {@link VirtualThreads}) and runs them on its own {@link Carrier}s. Any thread may call
 * {@link #execute}.
 *
 * <p>Placement (BEAM runs a woken process on the waker's scheduler; Go puts it in {@code runnext}):
 * a continuation submitted by a virtual thread running on one of our carriers goes into that
 * carrier's run-next slot, with no signal to anyone. One submitted by the carrier itself (a
 * {@code Thread.yield}, or an unpark that raced a park) goes to the back of its local queue, also
 * without a signal: the carrier is about to pick its next continuation (Go's {@code Gosched} wakes
 * no one either). A new process queues behind its spawner's carrier's other work ({@link #start})
 * and wakes an idle carrier to steal it. One submitted by any other thread (timers, I/O pollers,
 * code outside the node) goes to the shared injection queue and wakes an idle carrier.
 *
 * <p>Idle carriers (Go's rules, {@code runtime/proc.go}): a carrier with nothing of its own steals
 * half of another's local queue, then — at most one at a time — spins for {@link #SPIN_NANOS},
 * taking a continuation that has waited in another carrier's run-next slot for longer than
 * {@link #RUN_NEXT_GRACE_NANOS} (its waker kept running instead of blocking), then parks. Work
 * queued for others to take (a new process, one displaced from a run-next slot, an injected one)
 * wakes an idle carrier only while none spins, and hands it the spin token, so a ping-pong pair keeps one core busy, not two. A spinner that finds
 * work wakes the next one if more is waiting. A wake-up for an injected continuation is not
 * lost (the queue's CAS orders it before the idle check, against {@link #parkIdle}'s mark and
 * re-check; a signaller that took the token but found no carrier to claim looks again after
 * giving it back); one for a carrier's local queue may be, rarely (its offer is a release store,
 * and a fence on every spawn costs more than it saves): {@link CarrierMonitor} then wakes an idle
 * carrier within a tick or two, and the owner runs the work itself meanwhile.
 *
 * <p>Blocking: a process that holds its carrier (file I/O, a native call, a loop without a
 * blocking point) is noticed by {@link CarrierMonitor}, which wakes idle carriers for work stuck
 * behind it and starts a replacement carrier when a blocked carrier leaves a core idle, or when
 * no carrier is free at all; a replacement retires once idle with no carrier stalled, or as soon
 * as its continuation blocks once the monitor no longer needs it, so a node does not stay
 * oversubscribed.
 *
 * <p>Lifecycle: {@code RUNNING -> CLOSED} by {@link #close()}; carriers stop when they run out of
 * work. A continuation submitted after that (a process that outlived its node's close) runs on a
 * one-off platform thread, so it is never lost.
 */
final class CarrierScheduler implements Executor, AutoCloseable {

    /** How long an idle carrier spins looking for work before it parks. */
    static final long SPIN_NANOS = 50_000;
    /** How long a continuation must wait in a busy carrier's run-next slot before another carrier takes it. */
    static final long RUN_NEXT_GRACE_NANOS = 5_000;
    /** How long an idle replacement carrier waits before it retires. */
    private static final long RETIRE_NANOS = 200_000_000;

    private static final MethodHandle CURRENT_CARRIER;
    private static final AtomicInteger NODES = new AtomicInteger();

    static {
        MethodHandle h;
        try {
            h = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException closed) {
            h = null; // VirtualThreads reports why; this scheduler is then never built
        }
        CURRENT_CARRIER = h;
    }

    // immutable
    final String name;
    final int parallelism;
    private final long startedNanos = System.nanoTime();

    // shared, thread-safe
    private final ConcurrentLinkedQueue<Runnable> injected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spinning = new AtomicInteger(); // 0 or 1: the spin token
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong replacementsStarted = new AtomicLong();
    private volatile Carrier[] carriers = new Carrier[0];   // alive ones; replaced under the lock
    private CarrierStats retired; // retired replacements' counters summed (index -1), or null; guarded by this
    private final CarrierMonitor monitor;
    private volatile boolean closed;

    static boolean available() {
        return CURRENT_CARRIER != null;
    }

    CarrierScheduler(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.name = "agner-carrier-" + NODES.incrementAndGet();
        Carrier[] initial = new Carrier[parallelism];
        for (int i = 0; i < parallelism; i++) {
            initial[i] = new Carrier(this, i, false);
        }
        carriers = initial;
        for (Carrier c : initial) {
            c.start();
        }
        monitor = new CarrierMonitor(this);
        monitor.start();
    }

    // ---- submission (any thread) -----------------------------------------------------------------

    @Override
    public void execute(Runnable task) {
        if (closed) {
            runAfterClose(task);
            return;
        }
        Thread carrier = currentCarrier();
        if (carrier instanceof Carrier c && c.scheduler == this) {
            if (carrier == Thread.currentThread()) {
                c.pushLocalQuietly(task); // a yield, or a park that lost a race with its unpark: next here, after the others
            } else if (c.starting) {
                c.pushLocal(task);        // a new process: work for an idle carrier to steal
            } else {
                c.pushRunNext(task);    // woken by the process running here: runs when it blocks
            }
            return;
        }
        inject(task);
    }

    /**
     * Starts {@code thread}, a virtual thread of this scheduler. Started by a process on one of
     * our carriers, it queues behind that carrier's other work rather than in its run-next slot:
     * a spawner usually goes on spawning, and its children are work for idle carriers to steal
     * (BEAM queues a new process too; the run-next slot is for hand-offs).
     */
    void start(Thread thread) {
        if (currentCarrier() instanceof Carrier c && c.scheduler == this && c != Thread.currentThread()) {
            c.starting = true;
            try {
                thread.start();
            } finally {
                c.starting = false;
            }
        } else {
            thread.start();
        }
    }

    void inject(Runnable task) {
        injected.offer(task); // a CAS: ordered before signalWork's reads (Dekker with parkIdle)
        signalWork();
        if (closed) {
            // The carriers may all have stopped already: run what waits so it is not stranded.
            Runnable r;
            while ((r = injected.poll()) != null) {
                runAfterClose(r);
            }
        }
    }

    Runnable pollInjected() {
        return injected.isEmpty() ? null : injected.poll();
    }

    boolean injectedPending() {
        return !injected.isEmpty();
    }

    /**
     * Work was queued where any carrier may take it: wake an idle carrier, handing it the spin
     * token, unless one is already spinning (it will find the work) or none is idle.
     */
    void signalWork() {
        // A caller that took the token but found no carrier to claim gives it back, then looks
        // again: a producer that saw the token taken meanwhile left its work to it.
        for (int attempt = 0; attempt < 3; attempt++) {
            if (spinning.get() != 0 || idleCount.get() <= 0 || !spinning.compareAndSet(0, 1)) {
                return;
            }
            if (wakeIdle()) {
                return;
            }
            spinning.set(0);
            if (!hasStealableWork()) {
                return;
            }
        }
        // Still no carrier to claim: they are all between their idle mark and its count, and will
        // look at the queues themselves; the monitor backs this up.
    }

    /**
     * Wakes one idle carrier and gives it the spin token the caller holds: a claimed carrier
     * knows it holds the token (Go's {@code wakep} starts its M spinning).
     */
    private boolean wakeIdle() {
        for (Carrier c : carriers) {
            if (c.claimIdle()) {
                idleCount.decrementAndGet();
                LockSupport.unpark(c);
                return true;
            }
        }
        return false;
    }

    /**
     * {@code self} holds the spin token and found work: give the token up and, if more work
     * waits, wake the next carrier (Go's {@code resetspinning}).
     */
    void releaseSpin(Carrier self) {
        self.holdingSpin = false;
        spinning.set(0);
        if (hasStealableWork()) {
            signalWork();
        }
    }

    // ---- idle carriers -------------------------------------------------------------------------------

    /**
     * Called by {@code self} when it has nothing of its own: steals, spins (if it gets the token),
     * parks. Returns a continuation to run, or null after a park (the caller looks again).
     */
    Runnable findWork(Carrier self) {
        Runnable r = stealOnce(self);
        if (r != null) {
            if (self.holdingSpin) {
                releaseSpin(self);
            }
            return r;
        }
        long now = System.nanoTime();
        self.beginIdle(now);
        if (self.holdingSpin || spinning.compareAndSet(0, 1)) {
            self.holdingSpin = true;
            r = spin(self, now);
            if (r != null) {
                return r;
            }
        }
        parkIdle(self);
        return null;
    }

    private Runnable spin(Carrier self, long start) {
        self.spins++;
        Carrier[] all = carriers;
        Runnable[] seen = new Runnable[all.length];
        long[] seenAt = new long[all.length];
        long now = start;
        Runnable r = null;
        while (now - start < SPIN_NANOS && !closed) {
            if ((r = stealOnce(self)) != null || (r = stealRunNext(self, all, seen, seenAt, now)) != null) {
                break;
            }
            Thread.onSpinWait();
            now = System.nanoTime();
        }
        if (r == null) {
            self.holdingSpin = false;
            spinning.set(0);
            // Work queued while we held the token signalled nobody: look once more after giving it up.
            VarHandle.fullFence();
            r = stealOnce(self);
            if (r != null && hasStealableWork()) {
                signalWork();
            }
        } else {
            releaseSpin(self);
        }
        if (r != null) {
            self.endIdle(System.nanoTime());
        }
        return r;
    }

    private Runnable stealRunNext(Carrier self, Carrier[] all, Runnable[] seen, long[] seenAt, long now) {
        for (int i = 0; i < all.length; i++) {
            Carrier victim = all[i];
            if (victim == self) {
                continue;
            }
            Runnable r = victim.peekRunNext();
            if (r == null || r != seen[i]) {
                seen[i] = r;
                seenAt[i] = now;
            } else if (now - seenAt[i] >= RUN_NEXT_GRACE_NANOS && victim.stealRunNext(r)) {
                self.steals++;
                return r;
            }
        }
        return null;
    }

    /** The injection queue, then other carriers' local queues, starting after {@code self}. */
    private Runnable stealOnce(Carrier self) {
        Runnable r = pollInjected();
        if (r != null) {
            return r;
        }
        Carrier[] all = carriers;
        int n = all.length;
        int start = self.index % Math.max(1, n);
        for (int k = 1; k <= n; k++) {
            Carrier victim = all[(start + k) % n];
            if (victim != self && (r = self.stealFrom(victim)) != null) {
                return r;
            }
        }
        return null;
    }

    private void parkIdle(Carrier self) {
        self.markIdle();
        idleCount.incrementAndGet();
        // Dekker with signalWork: our idle mark is visible before we re-check the queues.
        if (!closed && !hasStealableWork()) {
            self.park(self.replacement ? RETIRE_NANOS : 0);
        }
        if (self.unmarkIdle()) {
            idleCount.decrementAndGet();
        } else {
            self.holdingSpin = true; // claimed by wakeIdle, which handed us the spin token
        }
        self.endIdle(System.nanoTime());
    }

    /** Whether anything waits in the injection queue or a carrier's local queue or run-next slot. */
    boolean hasVisibleWork() {
        if (hasStealableWork()) {
            return true;
        }
        for (Carrier c : carriers) {
            if (c.peekRunNext() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether anything waits where an idle carrier may take it at once: the injection queue or a
     * local queue. A run-next slot is its owner's unless it waits too long, so it does not keep an
     * idle carrier from parking (the spinner or the monitor takes care of it).
     */
    private boolean hasStealableWork() {
        if (!injected.isEmpty()) {
            return true;
        }
        for (Carrier c : carriers) {
            if (!c.local.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** After {@code self} found nothing and parked: whether it should stop (closing, or a replacement no longer needed). */
    boolean mayStop(Carrier self) {
        if (closed) {
            return !hasStealableWork(); // another's run-next is its owner's, handed over when it stops
        }
        if (self.replacement && !self.holdingSpin && !hasVisibleWork() && !anyStalled()) {
            return retire(self);
        }
        return false;
    }

    /** Takes replacement {@code self} out of the scheduler, its work handed over; called by {@code self} only. */
    synchronized boolean retire(Carrier self) {
        Carrier[] all = carriers;
        List<Carrier> rest = new ArrayList<>(Arrays.asList(all));
        rest.remove(self);
        carriers = rest.toArray(Carrier[]::new);
        self.retired = true;
        retired = sum(retired, self.stats(System.nanoTime()));
        self.handOver(); // anything pushed in the meantime
        return true;
    }

    void stopped(Carrier self) {
        if (self.hasWork()) {
            self.handOver();
        }
        if (self.holdingSpin) {
            releaseSpin(self);
        }
    }

    // ---- the monitor's view --------------------------------------------------------------------

    Carrier[] carriers() {
        return carriers;
    }

    boolean anyStalled() {
        for (Carrier c : carriers) {
            if (c.stalled) {
                return true;
            }
        }
        return false;
    }

    /** Whether a carrier is spinning; then stuck work will be found without help. */
    boolean spinning() {
        return spinning.get() != 0;
    }

    int idleCount() {
        return idleCount.get();
    }

    /** Starts a carrier to stand in for stalled ones. */
    synchronized void startReplacement() {
        if (closed) {
            return;
        }
        Carrier[] all = carriers;
        Carrier c = new Carrier(this, parallelism + (int) replacementsStarted.get(), true);
        Carrier[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = c;
        carriers = grown;
        replacementsStarted.incrementAndGet();
        c.start();
    }

    // ---- stats and lifecycle -----------------------------------------------------------------

    SchedulerStats stats() {
        long now = System.nanoTime();
        List<CarrierStats> list = new ArrayList<>();
        for (Carrier c : carriers) {
            list.add(c.stats(now));
        }
        synchronized (this) {
            if (retired != null) {
                list.add(retired);
            }
        }
        return new SchedulerStats(SchedulerKind.AGNER, "", list, replacementsStarted.get(), now - startedNanos);
    }

    private static CarrierStats sum(CarrierStats a, CarrierStats b) {
        if (a == null) {
            return new CarrierStats(-1, true, false, b.continuations(), b.runNextHits(), b.steals(), b.spins(), b.parks(),
                    b.busyNanos(), b.utilisation());
        }
        long lifeA = a.utilisation() > 0 ? (long) (a.busyNanos() / a.utilisation()) : 0;
        long lifeB = b.utilisation() > 0 ? (long) (b.busyNanos() / b.utilisation()) : 0;
        long busy = a.busyNanos() + b.busyNanos();
        return new CarrierStats(-1, true, false, a.continuations() + b.continuations(), a.runNextHits() + b.runNextHits(),
                a.steals() + b.steals(), a.spins() + b.spins(), a.parks() + b.parks(), busy,
                lifeA + lifeB == 0 ? 0 : Math.min(1.0, (double) busy / (lifeA + lifeB)));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.interrupt();
        for (Carrier c : carriers) {
            LockSupport.unpark(c);
        }
    }

    private void runAfterClose(Runnable task) {
        Thread t = new Thread(task, name + "-late");
        t.setDaemon(true);
        t.start();
    }

    private static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("Thread.currentCarrierThread failed", t);
        }
    }
}
