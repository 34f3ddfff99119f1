/**
 * OTP's supervisor: {@link io.agner.supervisor.Supervisor} starts children from
 * {@link io.agner.supervisor.ChildSpec}s, restarts them by {@link io.agner.supervisor.RestartStrategy}
 * and {@link io.agner.supervisor.Restart} type within a {@link io.agner.supervisor.RestartIntensity},
 * stops them in reverse order with each child's {@link io.agner.supervisor.Shutdown}, and gives up
 * (exiting with {@code shutdown}) when they fail too often, so that its own supervisor can act —
 * or, by its {@link io.agner.supervisor.AutoShutdown} flag, when its significant children end.
 *
 * {@snippet :
 * Pid sup = Supervisor.start(node, SupFlags.DEFAULT, List.of(
 *         ChildSpec.worker("counter", (ctx, args) -> GenServers.startLink(ctx, new Counter(), "counter"))));
 * Supervisor.whichChildren(node, sup);
 * }
 *
 * <p>A supervisor is a {@code GenServer}; its client operations take a
 * {@link io.agner.runtime.Caller} and a {@link io.agner.runtime.ServerRef} as every behaviour's do
 * (see {@code io.agner.behaviour}). Every restart and give-up is logged once to the SLF4J logger
 * {@code io.agner.supervisor}. Specs and flags are immutable records.
 */
package io.agner.supervisor;
