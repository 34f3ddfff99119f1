package io.agner.runtime;

import java.util.Optional;

/**
 * A process identifier; any thread may hold, compare, print and send to one.
 *
 * <p>Pids are made only by a {@link Node} when it spawns a process; do not implement this
 * interface. A pid stays valid after its process has exited: sending to it is then a no-op, as
 * in Erlang. Two pids are equal only when they name the same process. {@link #toString()} prints
 * Erlang's form, {@code <0.42.0>}. A pid is a {@link ServerRef}: requests can go to it directly.
 */
public non-sealed interface Pid extends ServerRef, Comparable<Pid> {

    /** The node-local serial number, the {@code 42} in {@code <0.42.0>}. */
    long id();

    /** A pid names itself, alive or not. */
    @Override
    default Optional<Pid> resolve(Node node) {
        return Optional.of(this);
    }

    @Override
    default int compareTo(Pid other) {
        return Long.compare(id(), other.id());
    }
}
