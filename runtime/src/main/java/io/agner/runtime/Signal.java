package io.agner.runtime;

import java.util.Objects;

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
     * monitor (Erlang's {@code {'DOWN', Ref, process, PidOrName, Reason}}).
     *
     * <p>Java twist: OTP's message names either the pid or, for a monitor set on a name, the name
     * only; this one always says what was monitored ({@code monitored}) and also gives the pid
     * when there was a process.
     *
     * @param ref       the monitor's reference, as returned by {@link ProcessContext#monitor(ServerRef)}
     * @param pid       the monitored process; for a monitor set on a name, the process that held it
     *                  then, or {@code null} if none did (the reason is then {@code noproc})
     * @param reason    why it exited
     * @param monitored what the monitor was set on: the pid itself, or the {@link ServerRef.Name}
     *                  (OTP's {@code {Name, Node}})
     */
    record Down(Ref ref, Pid pid, ExitReason reason, ServerRef monitored) implements Signal {

        public Down {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(monitored, "monitored");
            if (pid == null && !(monitored instanceof ServerRef.Name)) {
                throw new IllegalArgumentException("only a monitor set on a name can go down without a pid");
            }
            if (monitored instanceof Pid p && !p.equals(pid)) {
                throw new IllegalArgumentException("a monitor set on " + p + " cannot report " + pid + " down");
            }
        }

        /** The {@code Down} of a monitor set on {@code pid}. */
        public Down(Ref ref, Pid pid, ExitReason reason) {
            this(ref, Objects.requireNonNull(pid, "pid"), reason, pid);
        }
    }
}
