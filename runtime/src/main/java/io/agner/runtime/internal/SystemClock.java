package io.agner.runtime.internal;

import io.agner.runtime.Clock;
import io.agner.runtime.TimerRef;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link Clock}: one daemon platform thread per node runs every timer, whatever
 * their number. Thread-safe.
 *
 * <p>Two kinds of timer, as a timer wheel would keep them. A short one (under
 * {@link #COARSE_NANOS}) goes into the executor's heap, which wakes the timer thread when it
 * becomes the earliest. A long one — a call's 5 s timeout, a start's one minute, most of which are
 * cancelled long before they fire — goes into a sorted set that the timer thread sweeps every
 * {@link #SWEEP_NANOS}: adding or cancelling it wakes no thread, and it fires at most one sweep
 * late. Never early.
 */
final class SystemClock implements Clock, AutoCloseable {

    /** Timers at least this far out are swept, not scheduled one by one. */
    static final long COARSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How often the long timers are swept: the most a long timer fires late. */
    static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final AtomicInteger NODES = new AtomicInteger();

    private static final TimerRef NEVER = () -> false;

    /** A long timer; ordered by deadline, then by when it was made. */
    private record Coarse(long deadline, long seq, Runnable action) {}

    private static final Comparator<Coarse> ORDER = Comparator.comparingLong(Coarse::deadline).thenComparingLong(Coarse::seq);

    private static final Coarse EARLIEST = new Coarse(Long.MIN_VALUE, Long.MIN_VALUE, null);

    private final ScheduledThreadPoolExecutor executor;
    private final ConcurrentSkipListSet<Coarse> coarse = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong seq = new AtomicLong();

    SystemClock() {
        String name = "agner-timer-" + NODES.incrementAndGet();
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // cancelled receive timeouts must not pile up
        executor.scheduleWithFixedDelay(this::sweep, SWEEP_NANOS, SWEEP_NANOS, TimeUnit.NANOSECONDS);
    }

    @Override
    public TimerRef schedule(long delayNanos, Runnable action) {
        if (executor.isShutdown()) {
            return NEVER; // the node has closed: a late timer is dropped, like a send to a dead pid
        }
        if (delayNanos >= COARSE_NANOS) {
            Coarse c = new Coarse(System.nanoTime() + delayNanos, seq.incrementAndGet(), action);
            coarse.add(c);
            return () -> coarse.remove(c); // whoever removes it, the sweep or the cancel, owns it
        }
        try {
            ScheduledFuture<?> f = executor.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closed) {
            return NEVER;
        }
    }

    /** Fires every long timer that is due (on the timer thread). */
    private void sweep() {
        long now = System.nanoTime();
        for (Coarse c = first(); c != null && c.deadline() - now <= 0; c = first()) {
            if (coarse.remove(c)) {
                try {
                    c.action().run();
                } catch (RuntimeException e) {
                    // An action must not throw; one that does is dropped, as the executor drops a
                    // throwing one-shot task, and must not stop the sweeps.
                }
            }
        }
    }

    private Coarse first() {
        return coarse.ceiling(EARLIEST); // null when empty, even if another thread just emptied it
    }

    @Override
    public void close() {
        executor.shutdownNow();
        coarse.clear();
    }
}
