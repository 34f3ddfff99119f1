package io.agner.supervisor;

import io.agner.runtime.Pid;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@link Supervisor#whichChildren}.
 *
 * @param id   the child's id; empty for the dynamic children of a simple-one-for-one supervisor,
 *             which have none of their own (OTP's {@code undefined}; they are told apart by pid)
 * @param pid  empty when it does not run: a transient child that ended normally, one that was
 *             terminated or ignored, or one waiting to be restarted
 * @param type worker or supervisor
 * @param restarts how often the supervisor has started this child again after a failure (its
 *                 own, or a sibling's under one-for-all and rest-for-one); not counted: its first
 *                 start, {@code restartChild}, and retries of a restart that failed. An agner
 *                 addition: OTP keeps no restart counts. {@link Supervisor#restarts} sums them by id.
 */
public record ChildInfo(Optional<String> id, Optional<Pid> pid, ChildType type, long restarts) {

    public ChildInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
    }

    /** A child never restarted. */
    public ChildInfo(Optional<String> id, Optional<Pid> pid, ChildType type) {
        this(id, pid, type, 0);
    }
}
