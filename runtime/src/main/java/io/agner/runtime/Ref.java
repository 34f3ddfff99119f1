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

    @Override
    public String toString() {
        return "#Ref<0." + id + ">";
    }
}
