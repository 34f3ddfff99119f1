package io.agner.testkit;

import io.agner.runtime.Clock;
import io.agner.runtime.TimerRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Clock} whose clock moves only when a test calls {@link #advance(Duration)}: receive
 * timeouts and {@code sendAfter} become deterministic. Thread-safe; due actions run on the thread
 * that advances the clock, in due order.
 */
public final class ManualClock implements Clock {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long seq;

    @Override
    public synchronized TimerRef schedule(long delayNanos, Runnable action) {
        Task task = new Task(now + Math.max(0, delayNanos), seq++, action);
        tasks.add(task);
        return () -> cancel(task);
    }

    private synchronized boolean cancel(Task task) {
        return tasks.remove(task);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Timers scheduled and neither fired nor cancelled. */
    public synchronized int pending() {
        return tasks.size();
    }

    /** Moves the clock forward by {@code by}, running every action that falls due, in order. */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            List<Task> due = new ArrayList<>();
            synchronized (this) {
                while (!tasks.isEmpty() && tasks.peek().due <= target) {
                    Task t = tasks.poll();
                    now = t.due;
                    due.add(t);
                }
                if (due.isEmpty()) {
                    now = target;
                    return;
                }
            }
            due.forEach(t -> t.action.run()); // outside the lock: an action may schedule another
        }
    }

    private record Task(long due, long seq, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
