package io.agner.runtime.internal;

import io.agner.runtime.Clock;
import io.agner.runtime.TimerRef;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link Clock}: one daemon platform thread per node runs every timer, whatever
 * their number (a heap of tasks, as a timer wheel would do for Erlang). Thread-safe.
 */
final class SystemClock implements Clock, AutoCloseable {

    private static final AtomicInteger NODES = new AtomicInteger();

    private static final TimerRef NEVER = () -> false;

    private final ScheduledThreadPoolExecutor executor;

    SystemClock() {
        String name = "agner-timer-" + NODES.incrementAndGet();
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // cancelled receive timeouts must not pile up
    }

    @Override
    public TimerRef schedule(long delayNanos, Runnable action) {
        try {
            ScheduledFuture<?> f = executor.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closed) {
            return NEVER; // the node has closed: a late timer is dropped, like a send to a dead pid
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
