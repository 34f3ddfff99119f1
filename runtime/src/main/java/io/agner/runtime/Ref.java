package io.agner.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A reference unique within this JVM, as Erlang's {@code make_ref()}: tags monitors, calls and
 * replies. Immutable; any thread may create or compare one.
 *
 * @param id the serial number, unique among all refs made in this JVM
 */
public record Ref(long id) {

    private static final AtomicLong NEXT = new AtomicLong();

    /** Makes a fresh, unique reference. */
    public static Ref make() {
        return new Ref(NEXT.incrementAndGet());
    }

    // Written out: refs key the monitor tables of every process, and the generated record
    // equals/hashCode (invokedynamic ObjectMethods) showed up in profiles of monitor-heavy code.
    @Override
    public boolean equals(Object o) {
        return o instanceof Ref other && other.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "#Ref<0." + id + ">";
    }
}
