/**
 * Erlang-style processes on virtual threads.
 *
 * <p>A {@link io.agner.runtime.Node} runs processes. Each process is a virtual thread running a
 * {@link io.agner.runtime.ProcessBody} with a private mailbox; processes share nothing and talk
 * only by messages ({@link io.agner.runtime.ProcessContext#send}, {@code receive}). Failures
 * travel as exit signals along links and as {@link io.agner.runtime.Signal.Down} messages to
 * monitors, with Erlang's semantics, so that one process can watch, restart or die with another.
 *
 * <p>Requests: a {@link io.agner.runtime.ServerRef} (a pid, or a registered name) is where a
 * request goes; a {@link io.agner.runtime.Caller} (a {@code ProcessContext}, or a {@code Node} for
 * any other thread) is who waits for its answer. The behaviours' clients take both.
 *
 * <p>Threads: a {@code Node} and a {@link io.agner.runtime.Pid} may be used from any thread; a
 * {@code ProcessContext} only from its own process's thread. Records and enums here are
 * immutable values. Implementations live in {@code io.agner.runtime.internal} and are not API.
 *
 * <p>What Java cannot do as BEAM does: a running virtual thread cannot be pre-empted, so an exit
 * signal takes effect at the victim's next blocking point (see {@link io.agner.runtime.ProcessContext}),
 * and processes share one heap, so a message is passed by reference: send immutable values
 * (records, immutable collections) or never touch an object again after sending it.
 *
 * <p>Observing: {@link io.agner.runtime.Node#processCounts()} counts spawns and exits; JFR events
 * {@code agner.ProcessSpawn} and {@code agner.ProcessExit} (off by default: they would flood a
 * recording) and {@code agner.MailboxOverflow} record them, at the cost of one check when JFR is off.
 */
package io.agner.runtime;
