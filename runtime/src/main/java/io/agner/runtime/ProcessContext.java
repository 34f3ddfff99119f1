package io.agner.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A process's view of the runtime, handed to its {@link ProcessBody}; only that process's own
 * thread may use it. It is the process's {@link Caller} for the behaviours' client operations.
 *
 * <p><b>Receiving.</b> {@code receive} takes the oldest message; a selective receive takes the
 * oldest message that matches and leaves the others, in order, for later receives (Erlang's save
 * queue). A zero timeout polls; timeouts use the node's monotonic {@link Clock}.
 *
 * <p><b>Exit signals and blocking points.</b> An exit signal acts when it arrives, not behind
 * queued messages. A running virtual thread cannot be pre-empted, so a process condemned by a
 * signal dies at its next blocking point: a {@code receive} here, or any interruptible JDK
 * blocking call (sleep, {@code BlockingQueue.take}, interruptible I/O), which the signal
 * interrupts. A loop that never blocks, a {@code synchronized} wait or non-interruptible I/O
 * delays the exit until it ends. A body that catches {@link ExitException} or
 * {@link InterruptedException} and carries on is stopped again at its next {@code receive}.
 *
 * <p><b>Memory consistency effects.</b> Actions in a thread before it sends a message
 * happen-before the receive that takes the message.
 */
public interface ProcessContext extends Caller {

    /** This process. */
    Pid self();

    /** The node this process runs on. */
    @Override
    Node node();

    /** Runs {@code action} as this process: {@code action.apply(this)}. */
    @Override
    default <T> T asProcess(Function<ProcessContext, ? extends T> action) {
        return action.apply(this);
    }

    // ---- messages --------------------------------------------------------------------------

    /** Sends {@code message} to {@code to}; never blocks, never fails; dropped if {@code to} is dead. */
    void send(Pid to, Object message);

    /**
     * Sends to the process registered as {@code name}.
     *
     * @throws IllegalArgumentException if no process is registered under that name (Erlang's
     *                                  {@code badarg})
     */
    void send(String name, Object message);

    /** Takes the oldest message, waiting as long as it takes. */
    Object receive();

    /** Takes the oldest message, or returns empty once {@code timeout} has passed ({@code ZERO} polls). */
    Optional<Object> receive(Duration timeout);

    /** Takes the oldest message that matches, leaving the others in order; waits as long as it takes. */
    Object receive(Predicate<Object> match);

    /** Takes the oldest message that matches, leaving the others in order, or returns empty after {@code timeout}. */
    Optional<Object> receive(Predicate<Object> match, Duration timeout);

    /** Sends to an alias: delivered only while its process keeps the alias active, else dropped. */
    void send(Alias to, Object message);

    /** Creates an active alias of this process; see {@link Alias}. */
    Alias alias();

    /**
     * Deactivates an alias of this process; once this returns, nothing sent to it arrives.
     *
     * @return true if it was active
     */
    boolean unalias(Alias alias);

    /**
     * Sends {@code message} to {@code to} after {@code delay}, from a shared timer (no thread per
     * timer); dropped if {@code to} is dead by then.
     */
    MessageTimer sendAfter(Duration delay, Pid to, Object message);

    /**
     * Like {@link #sendAfter}, but delivers {@code new TimerMessage(timer, message)}, where
     * {@code timer} is the returned timer: Erlang's {@code erlang:start_timer/3}, whose message
     * carries the timer's reference.
     */
    MessageTimer startTimer(Duration delay, Pid to, Object message);

    // ---- processes -------------------------------------------------------------------------

    Pid spawn(ProcessBody body);

    Pid spawn(ProcessBody body, SpawnOptions options);

    /** Spawns a process linked to this one; the link exists before the new process runs. */
    Pid spawnLink(ProcessBody body);

    /** Spawns a process monitored by this one; the monitor exists before the new process runs. */
    MonitoredPid spawnMonitor(ProcessBody body);

    // ---- links, monitors, exits ------------------------------------------------------------

    /**
     * Links this process and {@code other} (idempotent: links form a set). If {@code other} is
     * already dead, a process trapping exits gets {@code Exit(other, noproc)}; for one that does
     * not, this throws {@link NoProcException}, Erlang's {@code error:noproc}: the process may
     * catch it, and dies of it (a crash, with its stack) if it does not.
     */
    void link(Pid other);

    /** Removes the link, if any; once this returns the link has no further effect. An {@code Exit} already queued stays. */
    void unlink(Pid other);

    /**
     * Monitors {@code target}: one {@link Signal.Down} will arrive, at once with {@code noproc} if
     * it is dead. A {@link ServerRef.Name} monitors the process registered under it now (Erlang's
     * {@code monitor(process, Name)}): the monitor stays with that process if the name later moves,
     * and its {@code Down} carries the name; a name nobody holds gives an immediate {@code Down}
     * with {@code noproc}.
     */
    Ref monitor(ServerRef target);

    /**
     * Removes a monitor; once this returns no {@code Down} for it will be queued. A {@code Down}
     * already queued stays.
     *
     * @return true if the monitor was still active (so no {@code Down} was sent)
     */
    boolean demonitor(Ref ref);

    /**
     * Removes a monitor and, with {@code flush}, also removes its {@code Down} from the mailbox if
     * it was already queued (Erlang's {@code demonitor(Ref, [flush])}).
     */
    boolean demonitor(Ref ref, boolean flush);

    /**
     * Sets whether exit signals arrive as {@link Signal.Exit} messages instead of killing this
     * process ({@code kill} stays untrappable).
     *
     * @return the previous setting
     */
    boolean trapExit(boolean trap);

    /** Exits this process now with {@code reason}; never returns (throws {@link ExitException}). */
    void exit(ExitReason reason);

    /**
     * Hibernates this process (Erlang's {@code erlang:hibernate/3}): its virtual thread ends and
     * its stack is discarded, while the process stays alive with its pid, name, mailbox, links,
     * monitors and trap-exit flag. The next message or exit signal resumes it on a new virtual
     * thread, which runs {@code resume} with an empty stack; if a message is queued already, it
     * resumes at once. Never returns.
     *
     * <p>A parked process keeps its stack (a heap object of a kilobyte or more, which every
     * garbage collection must walk); a hibernated one keeps only what {@code resume} captures.
     * Use it for processes that wait long between messages, as OTP's behaviours do with
     * {@code hibernate}; the behaviours here offer it as a step (for example
     * {@code StateMachine.Action.hibernate()}).
     *
     * <p>Where Java differs: the stack is unwound by a throwable that only the runtime catches, so
     * {@code finally} blocks on the way run, and a body that catches {@link Throwable} around this
     * call swallows it (do not). Resuming costs a new virtual thread, about as much as a spawn.
     *
     * @throws UnsupportedOperationException on a process that borrows a thread
     *                                       ({@link Node#asProcess}): the thread is not the node's to end
     */
    void hibernate(ProcessBody resume);

    /**
     * Sends an exit signal to {@code target} (Erlang's {@code exit/2}): {@code kill} kills it
     * untrappably, {@code normal} is ignored by a process that does not trap exits unless it is
     * this one, any other reason kills a non-trapping process and reaches a trapping one as an
     * {@code Exit} message.
     */
    void exit(Pid target, ExitReason reason);

    // ---- registry and introspection --------------------------------------------------------

    /** Registers this process as {@code name}; see {@link Node#register(String, Pid)}. */
    void register(String name);

    /** This process's current {@link ProcessInfo}. */
    ProcessInfo info();

    /** Records the behaviour this process runs, for {@link ProcessInfo#behaviour()}. */
    void setBehaviour(String behaviour);

    /** Records the code module and version this process runs, for {@link ProcessInfo#moduleVersion()}. */
    void setModuleVersion(String moduleVersion);
}
