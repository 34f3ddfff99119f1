package io.agner.runtime.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The watchdog of one {@link CarrierScheduler} (Go's {@code sysmon}, BEAM's scheduler monitoring):
 * a daemon platform thread that looks at every carrier each {@link #TICK_NANOS}, backing off to
 * {@link #IDLE_TICK_NANOS} while every carrier is idle. Only this thread uses it.
 *
 * <ul>
 *   <li><b>Stuck work.</b> The same continuation in a carrier's run-next slot since the last tick
 *       (its waker keeps running), or a local queue not empty at two ticks in a row (a missed
 *       wake-up, see {@link CarrierScheduler}), while other carriers sleep and none spins: wake
 *       one, which steals it.
 *   <li><b>Stalled carriers.</b> A carrier that has run the same continuation for
 *       {@link #BLOCKED_NANOS} while asleep in the kernel (a process blocking it in file I/O or a
 *       native call; read from {@code /proc} on Linux, guessed from its CPU time elsewhere), or for {@link #BUSY_NANOS} whatever it used (a long loop without a
 *       blocking point), is marked stalled; while fewer than {@code parallelism} carriers are free
 *       and work waits, a replacement carrier is started (it steals the stalled carrier's queue
 *       and run-next slot). The longer bound for computing processes keeps a node whose
 *       processes merely compute (a producer that never blocks) from oversubscribing its cores.
 * </ul>
 */
final class CarrierMonitor extends Thread {

    static final long TICK_NANOS = 1_000_000;
    private static final long IDLE_TICK_NANOS = 20_000_000;
    static final long BLOCKED_NANOS = 10_000_000;
    static final long BUSY_NANOS = 100_000_000;
    /** Replacements alive at once, at most (like the JDK scheduler's maxPoolSize, far lower). */
    private static final int MAX_REPLACEMENTS = 64;

    private final CarrierScheduler scheduler;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTime = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();

    /** What this monitor saw of a carrier at its last tick. */
    private static final class Seen {
        long continuations = -1;
        long since;      // when it was first seen running this continuation
        long cpuAtSince = -1; // its CPU time then, read on the second tick of the same continuation
        Runnable runNext;
        boolean queued;  // its local queue was not empty
    }

    private final Map<Carrier, Seen> seen = new IdentityHashMap<>();

    CarrierMonitor(CarrierScheduler scheduler) {
        super(null, null, scheduler.name + "-monitor", 0, false);
        this.scheduler = scheduler;
        setDaemon(true);
    }

    @Override
    public void run() {
        long tick = TICK_NANOS;
        while (!isInterrupted()) {
            LockSupport.parkNanos(this, tick);
            tick = check(System.nanoTime()) ? TICK_NANOS : Math.min(IDLE_TICK_NANOS, tick * 2);
        }
    }

    /** One look at every carrier; true if any was busy. */
    private boolean check(long now) {
        Carrier[] all = scheduler.carriers();
        boolean anyBusy = false;
        boolean stuckWork = false;
        int free = 0;
        int replacements = 0;
        for (Carrier c : all) {
            Seen s = seen.computeIfAbsent(c, k -> new Seen());
            long n = c.continuations;
            boolean running = c.running;
            anyBusy |= running;
            if (c.replacement) {
                replacements++;
            }
            if (!running || n != s.continuations) {
                s.continuations = n;
                s.since = now;
                s.cpuAtSince = -1;
            } else if (!c.stalled && isStalled(c, s, now)) {
                c.stalled = true;
            }
            if (!c.stalled) {
                free++;
            }
            Runnable rn = c.peekRunNext();
            boolean queued = !c.local.isEmpty();
            if (rn != null && rn == s.runNext || queued && s.queued) {
                stuckWork = true; // waited a whole tick: its waker keeps running, or a wake-up was missed
            }
            s.runNext = rn;
            s.queued = queued;
        }
        seen.keySet().retainAll(Set.of(all));
        if (stuckWork && !scheduler.spinning() && scheduler.idleCount() > 0) {
            scheduler.signalWork();
        }
        if (free < scheduler.parallelism && replacements < MAX_REPLACEMENTS && scheduler.hasVisibleWork()) {
            scheduler.startReplacement();
        }
        return anyBusy;
    }

    /** Whether carrier {@code c}, seen running one continuation since {@code s.since}, counts as stalled. */
    private boolean isStalled(Carrier c, Seen s, long now) {
        long held = now - s.since;
        if (held >= BUSY_NANOS) {
            return true;
        }
        if (held < BLOCKED_NANOS) {
            if (cpuTime && s.cpuAtSince < 0) {
                s.cpuAtSince = threads.getThreadCpuTime(c.threadId());
            }
            return false;
        }
        Boolean sleeping = c.sleepingInKernel();
        if (sleeping != null) {
            return sleeping; // exact: blocked in a system call, not waiting for a core
        }
        if (!cpuTime || s.cpuAtSince < 0) {
            return true;
        }
        // Elsewhere, guess from its CPU time: a blocked thread uses none (a descheduled one neither, alas).
        return threads.getThreadCpuTime(c.threadId()) - s.cpuAtSince < held / 2;
    }
}
