package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.ServerRef;

/**
 * A call failed: the server was not alive (reason {@code noproc}), or exited before replying
 * (its exit reason). The message names the target, the request's type and the reason; the
 * server's own exception, if it crashed, is the cause. Thrown in the calling process.
 */
public class CallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ServerRef target;
    private final transient ExitReason reason;

    public CallException(ServerRef target, Object request, ExitReason reason) {
        this(target, request, reason, "exited with reason " + reason);
    }

    protected CallException(ServerRef target, Object request, ExitReason reason, String what) {
        super("call to " + target + " with " + typeOf(request) + " failed: " + what,
                reason instanceof ExitReason.Error(Throwable cause) ? cause : null);
        this.target = target;
        this.reason = reason;
    }

    /** The pid or registered name that was called. */
    public ServerRef target() {
        return target;
    }

    /** Why the call failed: the server's exit reason, {@code noproc}, or a timeout's. */
    public ExitReason reason() {
        return reason;
    }

    private static String typeOf(Object request) {
        return request == null ? "null" : request.getClass().getSimpleName().isEmpty()
                ? request.getClass().getName() : request.getClass().getSimpleName();
    }
}
