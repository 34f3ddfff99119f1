package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.Pid;

/**
 * Where a call's reply goes (OTP's {@code From}): hand it to {@link GenServers#reply} now or
 * later, from any thread. Immutable. Backed by the caller's {@link Alias}, so a reply that
 * arrives after the caller gave up (timed out) is dropped instead of polluting its mailbox.
 *
 * @param alias the caller's reply alias for this one call
 */
public record From(Alias alias) {

    /** The calling process. */
    public Pid pid() {
        return alias.pid();
    }
}
