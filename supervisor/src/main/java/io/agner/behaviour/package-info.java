/**
 * OTP's generic behaviours: a server ({@link io.agner.behaviour.GenServer}, OTP's
 * {@code gen_server}), a state machine ({@link io.agner.behaviour.StateMachine}, OTP's
 * {@code gen_statem}), and {@link io.agner.behaviour.Sys} to suspend, inspect and upgrade either.
 *
 * <p><b>Two sides.</b> The callbacks (what a user implements) run one at a time on the
 * behaviour's own process, so its state needs no locking. The client side is one set of static
 * methods: {@link io.agner.behaviour.GenServers} (start, call, cast, reply, stop),
 * {@link io.agner.behaviour.StateMachines} (start) and {@code Sys}. Each client operation takes
 * a {@link io.agner.runtime.Caller} — a process's {@code ProcessContext}, or the {@code Node} from
 * any other thread — and a {@link io.agner.runtime.ServerRef}: a pid or
 * {@code ServerRef.named(name)}.
 *
 * {@snippet :
 * Pid counter = GenServers.start(node, new Counter(), "counter");
 * GenServers.cast(node, counter, new Increment());
 * Object n = GenServers.call(node, ServerRef.named("counter"), new Get());   // 5 s, as OTP
 * }
 *
 * <p><b>How a call fails</b>, in the caller: {@link io.agner.behaviour.CallException} when the
 * server is not alive or exits first (its exit reason), {@link io.agner.behaviour.CallTimeoutException}
 * when no reply came in time, and the server's own exception when it answered with one
 * ({@code GenServer.replyError}; {@code Supervisor} and {@code CodeServer} refuse requests this way).
 *
 * <p><b>Upgrades</b> go through {@code Sys}'s three phases, which {@code io.agner.hotswap.CodeServer}
 * drives; {@code codeChange} on the new version converts a by-name view of the old state.
 *
 * <p>Records here are immutable values; the client classes are stateless and thread-safe.
 */
package io.agner.behaviour;
