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
 *       (its waker keeps running), or a local queue or the injection queue not empty at two ticks
 *       in a row (a missed wake-up, see {@link CarrierScheduler}), while other carriers sleep and
 *       none spins: wake one, which steals it. Pending injected work keeps the tick short.
 *   <li><b>Stalled carriers.</b> A carrier that has run one continuation for
 *       {@link #BLOCKED_NANOS} and is asleep in the kernel at two looks in a row (a process
 *       blocking it in file I/O or a native call; read from {@code /proc} on Linux, guessed from
 *       its CPU time elsewhere) is <em>blocked</em>: it leaves a core idle. One that has run one
 *       continuation for {@link #BUSY_NANOS} otherwise is <em>computing</em> (a loop without a
 *       blocking point): it uses a core. While work waits, replacement carriers are started until
 *       the free carriers and the computing ones fill {@code parallelism} cores, and at least one
 *       carrier is free: a blocked carrier is replaced at no CPU cost, while a computing one is
 *       replaced only when nothing else could run, so a process that merely computes a long time
 *       (a spawner, a producer) does not oversubscribe the cores.
 *   <li><b>Too many carriers.</b> When more carriers are free than that (a stalled carrier is
 *       back), the newest replacements are asked to retire; each leaves when its current
 *       continuation blocks, handing its queue over.
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
        int asleepTicks; // looks in a row that found it asleep in the kernel
    }

    private final Map<Carrier, Seen> seen = new IdentityHashMap<>();
    private boolean injectedSeen; // the injection queue was not empty at the last tick

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
        int computing = 0; // stalled carriers that use a core
        int replacements = 0;
        for (Carrier c : all) {
            Seen s = seen.computeIfAbsent(c, k -> new Seen());
            long n = c.continuations;
            boolean running = c.running;
            anyBusy |= running;
            if (c.replacement) {
                replacements++;
            }
            Stall stall = Stall.NONE;
            if (!running || n != s.continuations) {
                s.continuations = n;
                s.since = now;
                s.cpuAtSince = -1;
                s.asleepTicks = 0;
            } else {
                stall = stall(c, s, now);
            }
            c.stalled = stall != Stall.NONE;
            if (stall == Stall.NONE) {
                free++;
            } else if (stall == Stall.COMPUTING) {
                computing++;
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
        boolean injected = scheduler.injectedPending();
        if (injected && injectedSeen) {
            stuckWork = true; // a wake-up from outside was missed (it should not be; this backs it up)
        }
        injectedSeen = injected;
        anyBusy |= injected;
        if (stuckWork && !scheduler.spinning() && scheduler.idleCount() > 0) {
            scheduler.signalWork();
        }
        // Use every core (a blocked carrier leaves one idle), and keep one carrier free whatever computes.
        int wantFree = Math.max(1, scheduler.parallelism - computing);
        if (free < wantFree && replacements < MAX_REPLACEMENTS && scheduler.hasVisibleWork()) {
            scheduler.startReplacement();
        }
        for (int i = all.length - 1; i >= 0 && free > wantFree; i--) {
            Carrier c = all[i];
            if (c.replacement && !c.stalled) {
                if (!c.retireRequested) {
                    c.retireRequested = true; // the newest replacements leave first
                    LockSupport.unpark(c);    // now, if it is parked idle
                }
                free--; // asked already: leaving, so no longer counted as free
            }
        }
        return anyBusy;
    }

    private enum Stall { NONE, BLOCKED, COMPUTING }

    /** What carrier {@code c}, seen running one continuation since {@code s.since}, is doing. */
    private Stall stall(Carrier c, Seen s, long now) {
        long held = now - s.since;
        if (cpuTime && s.cpuAtSince < 0) {
            s.cpuAtSince = threads.getThreadCpuTime(c.threadId());
            s.since = now; // measure the CPU share from here
            return Stall.NONE;
        }
        if (held < BLOCKED_NANOS) {
            return Stall.NONE;
        }
        s.asleepTicks = asleep(c, s, held) ? s.asleepTicks + 1 : 0;
        if (s.asleepTicks >= 2) {
            return Stall.BLOCKED; // asleep at two looks in a row: not a passing page fault or lock
        }
        return held >= BUSY_NANOS ? Stall.COMPUTING : Stall.NONE;
    }

    /** Whether {@code c} is asleep in the kernel now: exact from Linux's /proc, else guessed from its CPU time. */
    private boolean asleep(Carrier c, Seen s, long held) {
        Boolean sleeping = c.sleepingInKernel();
        if (sleeping != null) {
            return sleeping;
        }
        // A blocked thread uses no CPU (a descheduled one neither, alas).
        return cpuTime && threads.getThreadCpuTime(c.threadId()) - s.cpuAtSince < held / 2;
    }
}
