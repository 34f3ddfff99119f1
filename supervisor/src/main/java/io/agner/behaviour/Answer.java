package io.agner.behaviour;

import io.agner.runtime.ExitReason;

/**
 * How one target answered a request sent to many at once (see {@link Sys#prepareUpgrade}).
 * Immutable.
 */
public sealed interface Answer {

    /** It replied {@code value}; {@code atNanos} is {@link System#nanoTime()} when the reply was taken. */
    record Value(Object value, long atNanos) implements Answer {}

    /** It answered with an error (what a single call would have thrown: an unchecked exception or an error). */
    record Raised(Throwable error) implements Answer {}

    /** It was not alive, or exited before answering. */
    record Exited(ExitReason reason) implements Answer {}

    /** No answer came within the timeout; the request may still be handled later. */
    record TimedOut() implements Answer {}
}
