package io.agner.runtime;

import io.agner.runtime.internal.LocalNode;
import java.util.Objects;

/**
 * A process alias (Erlang's {@code alias/0}): an address that reaches its process only while the
 * process keeps it active. Messages sent to an alias after {@link ProcessContext#unalias(Alias)}
 * are dropped — how a call's late reply is kept out of the caller's mailbox. Immutable; any
 * thread may send to it.
 *
 * <p>An alias is a reply address: what it delivers is exempt from a bounded mailbox's limit (see
 * {@link SpawnOptions#withMailbox}), like signals, so a full mailbox never loses the reply or the
 * start acknowledgement its process is waiting for. Give it out only for answers its process
 * asked for.
 *
 * @param pid the process it reaches
 * @param ref what tells this alias from the process's others
 */
public record Alias(Pid pid, Ref ref) {

    public Alias {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ref, "ref");
    }

    /** Sends from any thread: delivered only while the alias is active, else dropped; never blocks. */
    public void send(Object message) {
        LocalNode.deliverToAlias(this, Objects.requireNonNull(message, "message"));
    }
}
