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
 */
public record ChildInfo(Optional<String> id, Optional<Pid> pid, ChildType type) {

    public ChildInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
    }
}
