package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.ServerRef;
import java.time.Duration;

/**
 * A call got no reply in time. The server is still handling it (a call is not withdrawn) and its
 * late reply is dropped, never delivered to the caller. Reason: {@code timeout}.
 */
public final class CallTimeoutException extends CallException {

    private static final long serialVersionUID = 1L;

    /** The reason a timed-out call reports, as OTP's {@code timeout} exit. */
    public static final ExitReason TIMEOUT = ExitReason.of("timeout");

    public CallTimeoutException(ServerRef target, Object request, Duration timeout) {
        super(target, request, TIMEOUT, "no reply within " + timeout);
    }
}
