package io.agner.runtime.internal;

import io.agner.runtime.SchedulerStats.CarrierStats;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.SpmcAtomicArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One carrier of {@link CarrierScheduler}: a platform thread that runs virtual-thread
 * continuations. Only this thread (and the virtual threads it is running) may offer to its run
 * queue and run-next slot; any carrier may steal from them; the monitor reads its counters.
 *
 * <p>Where the next continuation comes from, in order:
 * <ol>
 *   <li>every {@value #INJECTED_EVERY}th pick, the shared injection queue first, so wake-ups from
 *       outside cannot starve (Go's {@code schedtick % 61});
 *   <li>the run-next slot: the process most recently woken by a process on this carrier, which
 *       therefore runs as soon as its waker blocks, on this core, without waking anyone. At most
 *       {@value #RUN_NEXT_LIMIT} run-next picks in a row while other work waits, so two processes
 *       that keep waking each other cannot starve a third;
 *   <li>the local queue (FIFO), then the injection queue, then the run-next slot regardless of
 *       the limit;
 *   <li>{@link CarrierScheduler#findWork}: steal, spin, park.
 * </ol>
 *
 * <p>Counters are plain fields written by this thread only and read racily by the monitor and
 * {@link #stats} (benign: each read sees a recent value; longs do not tear on a 64-bit JVM).
 */
final class Carrier extends Thread {

    /** Run-next picks in a row before local and injected work gets a turn. */
    static final int RUN_NEXT_LIMIT = 32;
    static final int INJECTED_EVERY = 61;
    /** Local queue capacity; overflow goes to the injection queue. */
    private static final int LOCAL_CAPACITY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(Carrier.class);

    private static final VarHandle RUN_NEXT;
    private static final VarHandle IDLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUN_NEXT = l.findVarHandle(Carrier.class, "runNext", Runnable.class);
            IDLE = l.findVarHandle(Carrier.class, "idle", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable
    final CarrierScheduler scheduler;
    final int index;
    final boolean replacement;
    final SpmcAtomicArrayQueue<Runnable> local = new SpmcAtomicArrayQueue<>(LOCAL_CAPACITY);
    private final long startedNanos = System.nanoTime();

    // shared
    private volatile Runnable runNext;   // owner sets; owner or a thief (CAS) takes
    private volatile boolean idle;       // parked (or about to park) with nothing to do; cleared by whoever wakes it
    volatile boolean stalled;            // set and cleared by the monitor each tick; cleared by this carrier when the continuation ends
    volatile boolean retired;
    volatile boolean retireRequested;    // set by the monitor: this replacement is no longer needed

    // owner-written, read racily by the monitor and stats
    long continuations;
    long runNextHits;
    long steals;
    long spins;
    long parks;
    long busyNanos;
    long busySince;            // nanoTime when it last left its idle loop; 0 while idle
    boolean running;           // inside a continuation

    // written once by this thread when it starts; read by the monitor
    private volatile Path statFile; // Linux: /proc/self/task/<tid>/stat, else null

    // owner-only
    private int picks;
    private int runNextInARow;
    boolean starting;          // a process on this carrier is starting a new one (CarrierScheduler.start)
    boolean holdingSpin;       // this carrier has the scheduler's spin token (it looks for work for everyone)

    Carrier(CarrierScheduler scheduler, int index, boolean replacement) {
        super(null, null, scheduler.name + "-" + index, 0, false);
        this.scheduler = scheduler;
        this.index = index;
        this.replacement = replacement;
        setDaemon(true);
        busySince = startedNanos;
    }

    // ---- called by a virtual thread running on this carrier, or by this carrier -----------------

    /** Makes {@code task} the next to run here; the one it displaces goes to the local queue. */
    void pushRunNext(Runnable task) {
        Runnable displaced = (Runnable) RUN_NEXT.getAndSet(this, task);
        if (displaced != null) {
            pushLocal(displaced);
        }
    }

    /**
     * Queues {@code task} behind this carrier's others and tells an idle carrier (a rare missed
     * wake-up is left to the monitor; see {@link CarrierScheduler}).
     */
    void pushLocal(Runnable task) {
        if (!local.offer(task)) {
            scheduler.inject(task);
            return;
        }
        scheduler.signalWork();
    }

    /** Queues {@code task} behind this carrier's others without telling anyone; the monitor backs it up. */
    void pushLocalQuietly(Runnable task) {
        if (!local.offer(task)) {
            scheduler.inject(task);
        }
    }

    // ---- any carrier ---------------------------------------------------------------------------

    /** The run-next continuation, if {@code expected} is still it; for thieves after a grace. */
    boolean stealRunNext(Runnable expected) {
        return expected != null && RUN_NEXT.compareAndSet(this, expected, null);
    }

    Runnable peekRunNext() {
        return runNext;
    }

    boolean hasWork() {
        return runNext != null || !local.isEmpty();
    }

    /** Claims this carrier if it is idle; the claimer must then unpark it. */
    boolean claimIdle() {
        return idle && IDLE.compareAndSet(this, true, false);
    }

    // ---- this carrier's own thread ---------------------------------------------------------------

    @Override
    public void run() {
        statFile = procStatFile();
        try {
            while (true) {
                if (retireRequested && scheduler.retire(this)) {
                    return; // a replacement whose stalled carrier is back: leave, its work handed over
                }
                Runnable task = next();
                if (task != null && holdingSpin) {
                    scheduler.releaseSpin(this); // woken to look for work, found it here
                } else if (task == null) {
                    task = scheduler.findWork(this);
                    if (task == null) {
                        if (scheduler.mayStop(this)) {
                            return;
                        }
                        continue;
                    }
                }
                runContinuation(task);
            }
        } finally {
            scheduler.stopped(this);
        }
    }

    private void runContinuation(Runnable task) {
        running = true;
        continuations++;
        try {
            task.run();
        } catch (Throwable t) {   // a continuation handles its own exceptions; this is a JDK bug
            LOG.error("{}: a virtual-thread continuation threw", getName(), t);
        }
        running = false;
        if (stalled) {
            stalled = false;
        }
    }

    private Runnable next() {
        Runnable r;
        if (++picks == INJECTED_EVERY) {
            picks = 0;
            if ((r = scheduler.pollInjected()) != null) {
                runNextInARow = 0;
                return r;
            }
        }
        if (runNextInARow < RUN_NEXT_LIMIT && (r = takeRunNext()) != null) {
            runNextInARow++;
            return r;
        }
        runNextInARow = 0;
        if ((r = local.poll()) != null || (r = scheduler.pollInjected()) != null) {
            return r;
        }
        return takeRunNext();
    }

    private Runnable takeRunNext() {
        if (runNext == null) {
            return null;
        }
        Runnable r = (Runnable) RUN_NEXT.getAndSet(this, null);
        if (r != null) {
            runNextHits++;
        }
        return r;
    }

    /** Steals up to half of {@code victim}'s local queue into this one's; returns the first, or null. */
    Runnable stealFrom(Carrier victim) {
        Runnable first = victim.local.poll();
        if (first == null) {
            return null;
        }
        steals++;
        for (int n = victim.local.size() / 2; n > 0; n--) {
            Runnable r = victim.local.poll();
            if (r == null) {
                break;
            }
            if (!local.offer(r)) {
                scheduler.inject(r);
            }
        }
        return first;
    }

    /** Marks this carrier idle before it re-checks for work and parks. */
    void markIdle() {
        IDLE.setVolatile(this, true);
    }

    /** Clears the idle mark if nobody claimed it meanwhile; true if this carrier cleared it. */
    boolean unmarkIdle() {
        return IDLE.compareAndSet(this, true, false);
    }

    void beginIdle(long now) {
        busyNanos += now - busySince;
        busySince = 0;
    }

    void endIdle(long now) {
        busySince = now;
    }

    void park(long timeoutNanos) {
        parks++;
        if (timeoutNanos > 0) {
            LockSupport.parkNanos(this, timeoutNanos);
        } else {
            LockSupport.park(this);
        }
    }

    /** Moves what waits here to the injection queue, for a carrier that is about to stop. */
    void handOver() {
        Runnable r = (Runnable) RUN_NEXT.getAndSet(this, null);
        if (r != null) {
            scheduler.inject(r);
        }
        while ((r = local.poll()) != null) {
            scheduler.inject(r);
        }
    }

    /**
     * Whether this thread is asleep in the kernel (a blocking system call) rather than running or
     * waiting for a core; null where the OS does not say (no Linux {@code /proc}).
     */
    Boolean sleepingInKernel() {
        Path f = statFile;
        if (f == null) {
            return null;
        }
        try {
            String stat = Files.readString(f);
            char state = stat.charAt(stat.lastIndexOf(')') + 2); // "tid (name) S ...": the name may hold anything
            return state == 'S' || state == 'D';
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Path procStatFile() {
        try {
            Path self = Path.of("/proc/thread-self"); // -> <pid>/task/<tid>
            return Files.readSymbolicLink(self).isAbsolute() ? null
                    : Path.of("/proc").resolve(Files.readSymbolicLink(self)).resolve("stat");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    CarrierStats stats(long now) {
        long since = busySince;
        long busy = busyNanos + (since == 0 ? 0 : Math.max(0, now - since));
        long life = Math.max(1, now - startedNanos);
        return new CarrierStats(index, replacement, !retired && isAlive(), continuations, runNextHits, steals, spins, parks,
                busy, Math.min(1.0, (double) busy / life));
    }
}
