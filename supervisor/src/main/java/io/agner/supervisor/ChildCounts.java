package io.agner.supervisor;

/** {@link Supervisor#countChildren}: specs known, children running, and how many of each type. */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
