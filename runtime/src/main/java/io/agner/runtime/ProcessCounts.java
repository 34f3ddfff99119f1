package io.agner.runtime;

/**
 * A node's process totals ({@link Node#processCounts()}), Erlang's {@code erlang:statistics}
 * and {@code system_info(process_count)} at a glance. Immutable; read without stopping anyone,
 * so under load the fields may be a few processes apart.
 *
 * @param spawned processes spawned since the node started (not the short-lived processes
 *                {@link Node#asProcess} lends a thread)
 * @param exited  of those, how many have exited
 * @param running how many are alive or exiting now: {@code spawned - exited}, never below zero
 * @param uptimeNanos time since the node started
 */
public record ProcessCounts(long spawned, long exited, long running, long uptimeNanos) {}
