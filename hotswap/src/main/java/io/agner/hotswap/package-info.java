/**
 * Hot code loading: a node's {@link io.agner.hotswap.CodeServer} loads versions of modules (a jar
 * or class folder whose manifest names it, see {@link io.agner.hotswap.ModuleSpec}), starts
 * processes on a module's current version, upgrades every process on a module when a new version
 * loads — all of them or none — and purges the old version.
 *
 * {@snippet :
 * CodeServer.start(node);
 * CodeServer.load(node, Path.of("billing-1.jar"));
 * ChildSpec billing = ChildSpec.worker("billing", (sup, args) -> CodeServer.startLink(sup, "billing", args));
 * Upgrade u = CodeServer.load(node, Path.of("billing-2.jar"));   // u.committed(), u.processes()
 * }
 *
 * <p>How an upgrade runs: the jar is checked once from its class files
 * ({@code ModuleValidator}; a {@code ModuleClassLoader} is made only from that
 * check's result), loaded child-first beside the current version, then every process of the
 * module is prepared at once (suspended, state handed over), every state converted by the new
 * version's {@code codeChange} from a by-name view ({@link io.agner.hotswap.StateView}), and every
 * process committed or, on any failure, resumed unchanged; {@link io.agner.hotswap.Upgrade} says
 * what happened to each, with its pause. {@link io.agner.hotswap.StateDiff} tells beforehand how
 * the state records change.
 *
 * <p>{@link io.agner.hotswap.ControlServer} makes a node reachable by the {@code agner} command
 * (module agner-cli, {@code io.agner.cli}) through a Unix domain socket only its owner can use; its
 * {@code trace} request ({@code TraceStream}) streams one process's messages while it runs.
 * {@link io.agner.hotswap.AgnerMBeans} shows the node, its supervisors' restart counts and the
 * modules to JMX clients.
 */
package io.agner.hotswap;
