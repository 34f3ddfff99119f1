package io.agner.runtime;

/**
 * The messages the runtime itself delivers: {@link Exit} to a process that traps exits, and
 * {@link Down} to a monitoring process. Immutable.
 *
 * <p>Both are exempt from a bounded mailbox's limit: they are never dropped.
 */
public sealed interface Signal {

    /**
     * An exit signal turned into a message because the receiver traps exits (Erlang's
     * {@code {'EXIT', From, Reason}}).
     *
     * @param from   the process that exited or sent the signal; {@link Node#systemPid()} when it
     *               came from outside any process
     * @param reason its reason
     */
    record Exit(Pid from, ExitReason reason) implements Signal {}

    /**
     * A monitored process went down, or did not exist ({@code noproc}); delivered once per
     * monitor (Erlang's {@code {'DOWN', Ref, process, Pid, Reason}}).
     *
     * @param ref    the monitor's reference, as returned by {@link ProcessContext#monitor(Pid)}
     * @param pid    the monitored process
     * @param reason why it exited
     */
    record Down(Ref ref, Pid pid, ExitReason reason) implements Signal {}
}
