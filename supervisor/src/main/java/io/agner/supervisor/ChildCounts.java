package io.agner.supervisor;

/**
 * {@link Supervisor#countChildren}, as OTP's {@code count_children}: {@code specs} is the number
 * of child specs — always 1 for a simple-one-for-one supervisor (its template), however many
 * children it runs; {@code active} the children running; {@code supervisors} and {@code workers}
 * the children of each type, running or not.
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
