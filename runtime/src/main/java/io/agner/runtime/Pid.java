package io.agner.runtime;

/**
 * A process identifier; any thread may hold, compare, print and send to one.
 *
 * <p>Pids are made only by a {@link Node} when it spawns a process; do not implement this
 * interface. A pid stays valid after its process has exited: sending to it is then a no-op, as
 * in Erlang. Two pids are equal only when they name the same process. {@link #toString()} prints
 * Erlang's form, {@code <0.42.0>}.
 */
public interface Pid extends Comparable<Pid> {

    /** The node-local serial number, the {@code 42} in {@code <0.42.0>}. */
    long id();

    @Override
    default int compareTo(Pid other) {
        return Long.compare(id(), other.id());
    }
}
