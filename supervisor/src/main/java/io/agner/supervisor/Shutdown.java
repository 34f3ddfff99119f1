package io.agner.supervisor;

import java.time.Duration;
import java.util.Objects;

/** How a supervisor stops a child (OTP's shutdown values). Immutable. */
public sealed interface Shutdown {

    /** Kill at once, untrappably ({@code brutal_kill}). */
    Shutdown BRUTAL_KILL = new BrutalKill();

    /** Send {@code shutdown} and wait as long as it takes: for child supervisors ({@code infinity}). */
    Shutdown INFINITY = new Infinity();

    /** Send {@code shutdown}; kill if the child has not exited after {@code timeout}. */
    static Shutdown timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    record BrutalKill() implements Shutdown {}

    record Infinity() implements Shutdown {}

    record Timeout(Duration timeout) implements Shutdown {
        public Timeout {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("shutdown timeout must be > 0, was " + timeout + " (use Shutdown.BRUTAL_KILL)");
            }
        }
    }
}
