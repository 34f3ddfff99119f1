package io.agner.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * One child of a supervisor (OTP's child specification). Immutable; change a copy with the
 * {@code withX} methods, starting from {@link #worker} or {@link #supervisor}.
 *
 * @param id          unique among the supervisor's children
 * @param start       how to start it (linked to the supervisor)
 * @param restart     when to restart it
 * @param shutdown    how to stop it
 * @param type        worker or supervisor
 * @param significant whether its ending by itself may shut the supervisor down (see
 *                    {@link AutoShutdown}). A significant child must be transient or temporary,
 *                    under a supervisor whose {@link SupFlags#autoShutdown()} is not
 *                    {@code NEVER}; as in OTP the supervisor checks this (its start, or
 *                    {@code startChild}, throws {@link IllegalArgumentException}), so the
 *                    {@code withX} methods may be called in any order.
 */
public record ChildSpec(String id, ChildStart start, Restart restart, Shutdown shutdown, ChildType type, boolean significant) {

    /** OTP's default worker shutdown: 5 seconds, then kill. */
    public static final Shutdown DEFAULT_WORKER_SHUTDOWN = Shutdown.timeout(Duration.ofSeconds(5));

    public ChildSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("child id must not be blank, was " + (id == null ? "null" : "'" + id + "'"));
        }
        Objects.requireNonNull(start, () -> "start of child '" + id + "' must not be null");
        Objects.requireNonNull(restart, () -> "restart of child '" + id + "' must not be null");
        Objects.requireNonNull(shutdown, () -> "shutdown of child '" + id + "' must not be null");
        Objects.requireNonNull(type, () -> "type of child '" + id + "' must not be null");
    }

    /** A child that is not significant (OTP's default). */
    public ChildSpec(String id, ChildStart start, Restart restart, Shutdown shutdown, ChildType type) {
        this(id, start, restart, shutdown, type, false);
    }

    /** A permanent worker stopped with {@link #DEFAULT_WORKER_SHUTDOWN}. */
    public static ChildSpec worker(String id, ChildStart start) {
        return new ChildSpec(id, start, Restart.PERMANENT, DEFAULT_WORKER_SHUTDOWN, ChildType.WORKER);
    }

    /** A permanent child supervisor, stopped with {@link Shutdown#INFINITY}. */
    public static ChildSpec supervisor(String id, ChildStart start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.INFINITY, ChildType.SUPERVISOR);
    }

    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    public ChildSpec withSignificant(boolean significant) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }
}
