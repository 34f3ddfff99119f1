package io.agner.runtime;

import java.util.Objects;

/**
 * Unwinds a process's stack when it exits: thrown by {@link ProcessContext#exit(ExitReason)}, and
 * by any blocking {@link ProcessContext} call once an exit signal has ordered the process to die.
 *
 * <p>Catching it is allowed (as Erlang's {@code catch exit(...)}) but a process that was sent an
 * exit signal stays condemned: its next {@code receive} throws again, and the reason it finally
 * exits with is the signal's. Carries no stack trace; it is control flow, not an error.
 */
public final class ExitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;
    private final boolean signalled;

    /** An exit the process chose ({@code ProcessContext.exit(reason)}). */
    public ExitException(ExitReason reason) {
        this(reason, false);
    }

    /**
     * @param signalled true when an exit signal from elsewhere condemned the process (behaviours
     *                  then skip {@code terminate}, as OTP does for a non-trapped signal)
     */
    public ExitException(ExitReason reason, boolean signalled) {
        super("exit: " + reason, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.signalled = signalled;
    }

    public ExitReason reason() {
        return reason;
    }

    /** True if an exit signal condemned the process; false if it called {@code exit} itself. */
    public boolean signalled() {
        return signalled;
    }
}
