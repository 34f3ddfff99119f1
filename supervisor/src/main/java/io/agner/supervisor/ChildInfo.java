package io.agner.supervisor;

import io.agner.runtime.Pid;
import java.util.Optional;

/**
 * One line of {@link Supervisor#whichChildren}: a child's id, its pid if it runs (empty for a
 * transient child that ended normally, or one that was terminated or ignored), and its type.
 */
public record ChildInfo(String id, Optional<Pid> pid, ChildType type) {}
