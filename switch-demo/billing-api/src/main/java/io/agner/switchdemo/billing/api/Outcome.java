package io.agner.switchdemo.billing.api;

/** How a call attempt ended. */
public enum Outcome {
    /** Answered and cleared normally: the only outcome that is charged. */
    COMPLETED,
    /** Found every trunk circuit busy (congestion): Erlang B's lost call. */
    BLOCKED,
    /** Found the called line busy. */
    BUSY,
    /** The caller hung up before the call was answered. */
    ABANDONED,
    /** Cut off because a process of the call crashed. */
    DROPPED
}
