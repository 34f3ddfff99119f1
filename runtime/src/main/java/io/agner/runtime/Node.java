package io.agner.runtime;

import io.agner.runtime.internal.LocalNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A runtime instance: its processes, registry and timers. Thread-safe; any thread may use it,
 * including threads that are not processes (they act as {@link #systemPid()}).
 *
 * {@snippet :
 * try (Node node = Node.start()) {
 *     Pid echo = node.spawn(ctx -> {
 *         while (true) {
 *             if (ctx.receive() instanceof Ping(Pid from)) ctx.send(from, new Pong());
 *         }
 *     });
 *     node.send(echo, new Ping(node.systemPid()));
 * }
 * }
 *
 * <p>Closing the node sends {@code shutdown} to every process, waits up to
 * {@link NodeConfig#shutdownTimeout()}, kills what is left and waits for it; after that, spawning
 * fails and sends are dropped.
 */
public interface Node extends Caller, AutoCloseable {

    /** Starts a node with {@link NodeConfig#DEFAULT}. */
    static Node start() {
        return start(NodeConfig.DEFAULT);
    }

    static Node start(NodeConfig config) {
        return new LocalNode(config);
    }

    /**
     * Spawns a process with no parent. Linking needs a calling process, so
     * {@link SpawnOptions#link()} is refused here; spawn from a {@link ProcessContext} instead.
     *
     * @throws IllegalStateException    if the node is closing
     * @throws IllegalArgumentException if {@code options.name()} is taken, or link is requested
     */
    Pid spawn(ProcessBody body, SpawnOptions options);

    default Pid spawn(ProcessBody body) {
        return spawn(body, SpawnOptions.DEFAULT);
    }

    /** Sends from outside any process; never blocks, dropped if {@code to} is dead. */
    void send(Pid to, Object message);

    /** Sends to an alias from outside any process; see {@link ProcessContext#send(Alias, Object)}. */
    void send(Alias to, Object message);

    /**
     * Sends to a registered name.
     *
     * @throws IllegalArgumentException if no process is registered under that name
     */
    void send(String name, Object message);

    /** Sends an exit signal from {@link #systemPid()}; see {@link ProcessContext#exit(Pid, ExitReason)}. */
    void exit(Pid target, ExitReason reason);

    /** Sends {@code message} to {@code to} after {@code delay}; see {@link ProcessContext#sendAfter}. */
    MessageTimer sendAfter(Duration delay, Pid to, Object message);

    /** Sends a {@link TimerMessage} to {@code to} after {@code delay}; see {@link ProcessContext#startTimer}. */
    MessageTimer startTimer(Duration delay, Pid to, Object message);

    /**
     * Registers {@code pid} as {@code name}; the name is released when the process exits, before
     * its links and monitors are told.
     *
     * @throws IllegalArgumentException if the name is taken, the process already has a name, or
     *                                  it is not alive
     */
    void register(String name, Pid pid);

    /** Removes a registration; returns false if the name was not registered. */
    boolean unregister(String name);

    Optional<Pid> whereis(String name);

    /** The names registered now. */
    Set<String> registered();

    /**
     * Whether {@code pid} is alive. False as soon as a fatal exit signal has been sent to it (a
     * kill, or an abnormal reason to a process that does not trap exits), as in Erlang, where
     * {@code is_process_alive} is ordered after the caller's signals; its thread may still be
     * unwinding until its next blocking point, and {@link #info} then says {@code EXITING}.
     */
    boolean isAlive(Pid pid);

    /** A snapshot of a live process; empty once it has exited. */
    Optional<ProcessInfo> info(Pid pid);

    /**
     * The current stack of {@code pid}'s virtual thread, innermost frame first (Erlang's
     * {@code process_info(Pid, current_stacktrace)}); empty once it has exited, and while it
     * hibernates ({@link ProcessContext#hibernate}: it has no thread then). Taken without
     * stopping the process: by the time it returns the process may be elsewhere.
     */
    List<StackTraceElement> stackTrace(Pid pid);

    /**
     * Up to {@code max} of the messages waiting in {@code pid}'s mailbox (Erlang's
     * {@code process_info(Pid, messages)}, bounded), for a look, not to act on: best effort,
     * read without stopping the process, so a message taken or sent meanwhile may be missing or
     * shown. Messages a selective receive skipped come first, then new arrivals in order. Empty
     * once it has exited.
     */
    List<Object> queuedMessages(Pid pid, int max);

    /** Snapshots of every live process, ordered by pid. */
    List<ProcessInfo> processes();

    /**
     * Traces {@code pid} (Erlang's {@code erlang:trace(Pid, true, [send, 'receive', procs])} with
     * a tracer process, as {@code dbg} sets it up): from now on the tracer
     * {@link TraceOptions#tracer()} receives a {@link Trace} message for every message
     * {@code pid} sends, every message it takes from its mailbox, and its exit, until the
     * options' budget is spent, the process or the tracer exits, or {@link #untrace}; then it
     * receives {@link Trace.Stopped}, the last. A process has at most one tracer: a new trace
     * replaces the old one, whose tracer gets {@code Stopped}. Tracing is off unless turned on;
     * while off, it costs a send or a receive one read of a field.
     *
     * @return false, and nothing traced, if {@code pid} is not alive
     * @throws IllegalArgumentException if the tracer is not alive, or is {@code pid}
     */
    boolean trace(Pid pid, TraceOptions options);

    /**
     * Turns tracing of {@code pid} off; its tracer gets {@link Trace.Stopped}.
     *
     * @return false if it was not traced
     */
    boolean untrace(Pid pid);

    /** This node. */
    @Override
    default Node node() {
        return this;
    }

    /**
     * Runs {@code action} on the calling thread as a short-lived process of this node (Erlang's
     * shell lends its process the same way), for code outside any process that must receive: a
     * call's reply, a start's acknowledgement. The process has a pid, a mailbox, aliases,
     * monitors and links like any other, but no thread of its own; it is not listed by
     * {@link #processes()}, and it exits when {@code action} returns (reason {@code normal}) or
     * throws (the exception's reason), telling its links and monitors.
     *
     * <p>An exit signal that kills it ends {@code action} with {@link ExitException} at its next
     * {@code receive}. Interrupting the calling thread does the same, with reason
     * {@code interrupted}; the thread's interrupt status is kept, and this throws
     * {@link IllegalStateException}.
     *
     * @throws IllegalStateException if the node is closing, or the thread was interrupted
     */
    @Override
    <T> T asProcess(Function<ProcessContext, ? extends T> action);

    /** The pseudo-process that stands for code outside any process (as sender of signals); never alive. */
    Pid systemPid();

    /** This node's clock and timers. */
    Clock clock();

    /** Processes spawned, exited and running, and the node's uptime; cheap (striped counters, no scan). */
    ProcessCounts processCounts();

    /** What runs this node's processes, with its counters; see {@link SchedulerKind}. */
    SchedulerStats schedulerStats();

    /** Shuts every process down (shutdown, then kill after the timeout) and waits for them; idempotent. */
    @Override
    void close();
}
