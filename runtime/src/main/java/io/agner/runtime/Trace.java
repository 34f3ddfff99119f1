package io.agner.runtime;

/**
 * What a tracer receives about a traced process (Erlang's {@code {trace, Pid, send | 'receive' |
 * exit, ...}} messages); see {@link Node#trace}. Immutable values. Each carries {@code nanos}, the
 * node's {@link Clock#nanoTime()} when the event happened (monotonic: only differences mean
 * something).
 *
 * <p>For one traced process, events reach its tracer in the order they happened, and
 * {@link Stopped} is always the last.
 */
public sealed interface Trace {

    /** The traced process. */
    Pid pid();

    /** The node's monotonic time of the event, in nanoseconds. */
    long nanos();

    /** The traced process {@code pid} sent {@code message} to {@code to} (a pid, or an alias's pid). */
    record Send(long nanos, Pid pid, Pid to, Object message) implements Trace {}

    /**
     * The traced process {@code pid} took {@code message} out of its mailbox, by a {@code receive}.
     * Erlang traces {@code 'receive'} when a message is queued; agner traces it when it is taken,
     * so a traced message that is never received is never shown, and a selective receive shows
     * messages in the order the process handles them.
     */
    record Receive(long nanos, Pid pid, Object message) implements Trace {}

    /** The traced process {@code pid} exited with {@code reason}; a {@link Stopped} follows. */
    record Exit(long nanos, Pid pid, ExitReason reason) implements Trace {}

    /**
     * Tracing of {@code pid} is off, and nothing more about it comes to this tracer: the
     * budget's maximum count was reached, events came faster than its rate, the process exited,
     * {@link Node#untrace} was called, or another tracer took over.
     */
    record Stopped(long nanos, Pid pid, String reason) implements Trace {}
}
