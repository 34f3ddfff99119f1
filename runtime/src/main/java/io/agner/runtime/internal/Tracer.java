package io.agner.runtime.internal;

import io.agner.runtime.Clock;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.Trace;
import io.agner.runtime.TraceOptions;

/**
 * The trace of one process to one tracer, with its budget ({@link TraceOptions}). Events come
 * from the traced process's own thread (its sends, its receives, its exit); {@link #stop} may come
 * from any thread. Methods are synchronized, so no event reaches the tracer after
 * {@link Trace.Stopped}; the lock is uncontended but for a stop, and is taken only while tracing
 * is on: with tracing off the traced process reads one null field per send and per receive.
 * The traced process reads its trace without ordering ({@code Proc.tracer()}); final fields and
 * this lock, taken by every method and around the constructor's writes, make that safe.
 *
 * <p>The rate limit is a token bucket on the node's clock: it holds at most one second's worth
 * ({@code perSecond} tokens), starts full, and each event takes one; an event finding it empty
 * stops the trace.
 */
final class Tracer {

    private static final double NANOS_PER_SECOND = 1e9;

    // immutable
    private final Proc traced;
    private final Proc tracer;
    private final long maxEvents;
    private final long perSecond;
    private final Clock clock;

    // guarded by this
    private long events;
    private double tokens;
    private long refilledAt;
    private boolean stopped;

    Tracer(Proc traced, Proc tracer, TraceOptions options, Clock clock) {
        this.traced = traced;
        this.tracer = tracer;
        this.maxEvents = options.maxEvents();
        this.perSecond = options.perSecond();
        this.clock = clock;
        synchronized (this) { // the traced thread reads the trace without a happens-before edge: it takes this lock
            this.tokens = perSecond;
            this.refilledAt = clock.nanoTime();
        }
    }

    Proc tracer() {
        return tracer;
    }

    synchronized void send(Pid to, Object message) {
        long now = clock.nanoTime();
        if (admit(now)) {
            emit(new Trace.Send(now, traced, to, message));
        }
    }

    synchronized void receive(Object message) {
        long now = clock.nanoTime();
        if (admit(now)) {
            emit(new Trace.Receive(now, traced, message));
        }
    }

    /** The traced process exits: its exit, if the budget allows, then the end of the trace. */
    synchronized void exited(ExitReason reason) {
        long now = clock.nanoTime();
        if (admit(now)) {
            emit(new Trace.Exit(now, traced, reason));
        }
        stop("exited");
    }

    /** Turns the trace off and tells the tracer why, once; later events are ignored. */
    synchronized void stop(String reason) {
        if (stopped) {
            return;
        }
        stopped = true;
        traced.clearTracer(this);
        tracer.deliver(new Trace.Stopped(clock.nanoTime(), traced, reason));
    }

    /** Whether one more event fits the budget; stops the trace if it does not, or if the tracer is gone. */
    private boolean admit(long now) {
        if (stopped) {
            return false;
        }
        if (!tracer.isAlive()) {
            stop("tracer exited");
            return false;
        }
        tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / NANOS_PER_SECOND);
        refilledAt = now;
        if (tokens < 1) {
            stop("rate above " + perSecond + "/s");
            return false;
        }
        tokens -= 1;
        return true;
    }

    private void emit(Trace event) {
        tracer.deliver(event);
        if (++events >= maxEvents) {
            stop("max " + maxEvents + " events");
        }
    }
}
