package io.agner.runtime;

import java.util.Objects;

/**
 * How a process is traced ({@link Node#trace}): who gets the {@link Trace} messages, and the
 * budget after which tracing turns itself off. Immutable.
 *
 * <p>The budget keeps a trace from flooding its tracer or slowing the traced process for long:
 * after {@code maxEvents} events, or as soon as events come faster than {@code perSecond} (a token
 * bucket holding one second's worth, so short bursts pass), tracing stops and the tracer gets
 * {@link Trace.Stopped}. Erlang's {@code dbg} has no such bound; {@code recon_trace} has both.
 *
 * @param tracer    the process that receives the trace messages; not the traced process itself
 * @param maxEvents how many events at most (sends, receives, the exit), at least 1
 * @param perSecond how many events per second at most, on average, at least 1
 */
public record TraceOptions(Pid tracer, long maxEvents, long perSecond) {

    /** The default budget: {@value} events. */
    public static final long DEFAULT_MAX_EVENTS = 1_000;

    /** The default rate limit: {@value} events per second. */
    public static final long DEFAULT_PER_SECOND = 100;

    public TraceOptions {
        Objects.requireNonNull(tracer, "tracer");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1, was " + maxEvents);
        }
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be >= 1, was " + perSecond);
        }
    }

    /** Traces to {@code tracer} with the default budget. */
    public static TraceOptions to(Pid tracer) {
        return new TraceOptions(tracer, DEFAULT_MAX_EVENTS, DEFAULT_PER_SECOND);
    }

    public TraceOptions withMaxEvents(long maxEvents) {
        return new TraceOptions(tracer, maxEvents, perSecond);
    }

    public TraceOptions withPerSecond(long perSecond) {
        return new TraceOptions(tracer, maxEvents, perSecond);
    }
}
