package io.agner.runtime;

import java.util.Objects;

/**
 * {@link ProcessContext#link(Pid)} to a process that is not alive, by a process that does not trap
 * exits: Erlang's {@code error:noproc}. An error, not an exit (unlike {@link ExitException}): it
 * has a stack trace, a {@code catch} catches it, and a process that lets it escape dies with
 * {@code ExitReason.error(thisException)} and a crash report, as an Erlang process dies with
 * {@code {noproc, Stack}}. A process that traps exits gets {@code Exit(pid, noproc)} instead.
 */
public final class NoProcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;

    public NoProcException(Pid pid) {
        super("noproc: cannot link to " + pid + ", it is not alive");
        this.pid = Objects.requireNonNull(pid, "pid");
    }

    /** The process that was not alive. */
    public Pid pid() {
        return pid;
    }
}
