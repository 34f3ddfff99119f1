package io.agner.behaviour;

import io.agner.runtime.ExitReason;

/**
 * A behaviour's start failed: its {@code init} threw or exited, or it died before answering. The
 * process has exited with {@link #reason()}; a linked starter also received that exit signal.
 * Or {@code init} did not answer within the start's timeout ({@link GenServers#START_TIMEOUT}):
 * the reason is then {@code timeout}, and the process was unlinked and killed.
 * {@link StartIgnoredException}, the one subclass, says init declined to start.
 */
public sealed class StartException extends RuntimeException permits StartIgnoredException {

    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    public StartException(String what, ExitReason reason) {
        this(reason, "start of " + what + " failed: " + reason);
    }

    /** For {@link StartIgnoredException}. */
    StartException(ExitReason reason, String message) {
        super(message, reason instanceof ExitReason.Error(Throwable cause) ? cause : null);
        this.reason = reason;
    }

    public ExitReason reason() {
        return reason;
    }
}
